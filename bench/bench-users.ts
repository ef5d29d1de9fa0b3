/**
 * Directory users with known PINs for the logon benchmarks (bench/pin-logon.ts,
 * bench/logon-http.ts): bulk inserts into a migrated database, PINs hashed with the hasher
 * the code under test verifies with. Extensions from 50000, five-digit PINs from 70000 up
 * (none a common pattern).
 */
import type { DbHandle } from '../lib/db/client';
import type { PinHasher } from '../lib/pin/hasher';
import { directoryUserKeys } from '../lib/users/user-keys';

export type BenchUser = { id: string; extension: string; pin: string };

export async function seedBenchUsers({ db }: DbHandle, hasher: PinHasher, count: number): Promise<BenchUser[]> {
  const pins = Array.from({ length: count }, (_, i) => String(70000 + ((i * 7919) % 29000)).padStart(5, '0'));
  const hashes = await Promise.all(pins.map((pin) => hasher.hash(pin)));
  const users = Array.from({ length: count }, (_, i) => {
    const ext = String(50000 + i);
    const names = {
      displayName: `Bench User ${i}`,
      samAccountName: `bench${i}`,
      domain: 'litwareinc',
      upn: `bench${i}@litwareinc.com`,
      lineUri: `tel:+1425556${ext.slice(1)};ext=${ext}`,
      ouPath: 'litwareinc.com/IT/',
    };
    return {
      id: `bench-${i}`,
      ...names,
      ...directoryUserKeys(names),
      sipAddress: `sip:bench${i}@litwareinc.com`,
      extension: ext,
      distinguishedName: `CN=Bench User ${i},OU=IT,DC=litwareinc,DC=com`,
      ouDn: 'OU=IT,DC=litwareinc,DC=com',
    };
  });
  await db.directoryUser.createMany({ data: users });
  await db.pinState.createMany({ data: users.map((u, i) => ({ userId: u.id, pinHash: hashes[i], pinLength: 5, pinSetAt: BigInt(Date.now()) })) });
  return users.map((u, i) => ({ id: u.id, extension: u.extension, pin: pins[i] }));
}
