/**
 * One OS process of the concurrency test: at the agreed instant it fires `count` wrong PINs
 * at once through verifyPinLogon on the real store, then the correct PIN, and prints what
 * it saw as JSON. Run by logon-concurrency.test.ts, two at a time.
 */
import { verifyPinLogon } from '../../lib/pin';
import { systemClock } from '../../lib/pin/types';
import { countingHasher, db, store } from './helpers';

const [identity, countText, wrongPin, rightPin, startAtText] = process.argv.slice(2);
const hasher = countingHasher();
const deps = { store, hasher, clock: systemClock };
const actor = { type: 'bridge' as const, id: `burst-${process.pid}`, name: 'burst test' };

await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAtText) - Date.now())));
const wrong = await Promise.all(Array.from({ length: Number(countText) }, () => verifyPinLogon(deps, { identity, pin: wrongPin, actor })));
const right = await verifyPinLogon(deps, { identity, pin: rightPin, actor });
const reasons: Record<string, number> = {};
for (const r of wrong) {
  const key = r.result === 'accepted' ? 'accepted' : r.reason;
  reasons[key] = (reasons[key] ?? 0) + 1;
}
console.log(JSON.stringify({ verifyCount: hasher.verifyCount(), reasons, right: right.result === 'accepted' ? 'accepted' : right.reason }));
await db.$disconnect();
