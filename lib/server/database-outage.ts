import 'server-only';

/** For actions and pages, which reach no lib/db: whether an error means the database was unavailable. */
export { isDatabaseUnavailable } from '../db/unavailable';
