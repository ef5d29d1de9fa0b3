import 'server-only';
/**
 * lib/directory/directory-service.ts bound to this process's database and clock, for the
 * Directory page's server component and actions.
 */
import { getDb, getPinDeps } from '../server/composition-root';
import * as service from './directory-service';

const deps = (): service.DirectoryDeps => ({ handle: getDb(), clock: getPinDeps().clock });

export const listDirectorySources = () => service.listDirectorySources(deps());
export const listRuns = (options: { sourceId?: string; limit: number }) => service.listRuns(deps(), options);
export const getRun = (runId: string) => service.getRun(deps(), runId);
export const saveLdapSource = (input: service.LdapSourceInput) => service.saveLdapSource(deps(), input);
export const testConnection = (input: Parameters<typeof service.testConnection>[1]) => service.testConnection(deps(), input);
export const previewSync = (sourceId: string, who: service.Who, options?: { full?: boolean }) => service.previewSync(deps(), sourceId, who, options);
export const startSync = (sourceId: string, who: service.Who, options?: { full?: boolean }) => service.startSync(deps(), sourceId, who, options);
