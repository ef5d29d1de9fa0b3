import 'server-only';
/**
 * Dial-in access numbers for pages and actions: lib/db/access-numbers.ts on this process's
 * database. Permissions are the callers' (adminAction, the page's guard).
 */
import * as accessNumbers from '../db/access-numbers';
import { getDb } from '../server/composition-root';

export type { AccessNumberDetail, AccessNumberView } from '../db/access-numbers';
export { AccessNumberError } from '../db/access-numbers';

type Input = Parameters<typeof accessNumbers.createAccessNumber>[1];
type Change = Parameters<typeof accessNumbers.createAccessNumber>[2];

/** Every number with the regions it is listed in (the admin page). */
export function listAccessNumbers() {
  return accessNumbers.listAccessNumbers(getDb().db);
}

/** The numbers grouped by region, in their order (the admin page and /dialin). */
export function listAccessNumbersByRegion() {
  return accessNumbers.listAccessNumbersByRegion(getDb().db);
}

export function createAccessNumber(input: Input, change: Change) {
  return accessNumbers.createAccessNumber(getDb().db, input, change);
}

export function updateAccessNumber(id: string, input: Input, change: Change) {
  return accessNumbers.updateAccessNumber(getDb().db, id, input, change);
}

export function deleteAccessNumber(id: string, change: Change) {
  return accessNumbers.deleteAccessNumber(getDb().db, id, change);
}

export function moveAccessNumber(id: string, region: string, direction: 'up' | 'down', change: Change) {
  return accessNumbers.moveAccessNumber(getDb().db, id, region, direction, change);
}
