import 'server-only';
/**
 * The Overview page's data, on this process's database (lib/db/overview.ts). The callers
 * check user.read: every administrative role sees the Overview.
 */
import { readOverview } from '../db/overview';
import { getDb, getPinDeps } from '../server/composition-root';
import type { OverviewData } from './overview-types';

export async function loadOverview(now: number = getPinDeps().clock.now()): Promise<OverviewData> {
  return readOverview(getDb(), now);
}
