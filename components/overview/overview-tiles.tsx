import Link from 'next/link';
import type { ReactNode } from 'react';
import { EXPIRING_WITHIN_DAYS, lockoutKinds, type LockoutKind, type OverviewTiles as Tiles } from '@/lib/overview/overview-types';
import { sharePercent } from '@/lib/overview/share';
import { tileHref, type OverviewTile } from '@/lib/overview/tile-searches';

const lockKeys = Object.keys(lockoutKinds) as LockoutKind[];
const expiringLabel = `PINs expiring within ${EXPIRING_WITHIN_DAYS} days`;

/**
 * The number opens the Users search that counts it. Its accessible name is the label and the
 * number as shown ("Without a PIN: 1,080"), so a screen reader hears what the number counts
 * and voice control finds it by what is on screen.
 */
function TileLink({ tile, label, count, className }: { tile: OverviewTile; label: string; count: number; className: string }) {
  return (
    <Link
      href={tileHref(tile, count)}
      aria-label={`${label}: ${count.toLocaleString('en-US')}`}
      className={`tabular-nums text-brand-800 underline-offset-4 hover:underline ${className}`}
    >
      {count.toLocaleString('en-US')}
    </Link>
  );
}

function Tile({ label, children }: { label: string; children: ReactNode }) {
  return (
    <li className="flex flex-col gap-1 rounded border border-slate-200 bg-white p-3">
      <span className="text-sm text-slate-700">{label}</span>
      {children}
    </li>
  );
}

/** PIN status now, counting enabled users only. */
export function OverviewTiles({ tiles }: { tiles: Tiles }) {
  const share = sharePercent(tiles.withPin, tiles.enabledUsers);
  const lockedTotal = lockKeys.reduce((sum, kind) => sum + tiles.locked[kind], 0);
  const big = 'text-3xl font-semibold';
  return (
    <ul aria-label="PIN status now (enabled users)" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
      <Tile label="Users">
        <TileLink tile="enabledUsers" label="Users" count={tiles.enabledUsers} className={big} />
        <span className="text-xs text-slate-600">enabled</span>
      </Tile>
      <Tile label="With a PIN">
        <TileLink tile="withPin" label="With a PIN" count={tiles.withPin} className={big} />
        <span className="text-xs text-slate-600">{share === null ? 'no enabled users' : `${share}% of enabled users`}</span>
      </Tile>
      <Tile label="Without a PIN">
        <TileLink tile="withoutPin" label="Without a PIN" count={tiles.withoutPin} className={big} />
      </Tile>
      <Tile label="Locked now">
        <TileLink tile="locked" label="Locked now" count={lockedTotal} className={big} />
        <ul aria-label="Locked now by kind" className="space-y-0.5 text-sm">
          {lockKeys.map((kind) => (
            <li key={kind} className="flex justify-between gap-2">
              <span>{lockoutKinds[kind]}</span>
              <TileLink tile={`locked.${kind}`} label={`Locked now: ${kind}`} count={tiles.locked[kind]} className="font-medium underline" />
            </li>
          ))}
        </ul>
      </Tile>
      <Tile label={expiringLabel}>
        <TileLink tile="expiringSoon" label={expiringLabel} count={tiles.expiringSoon} className={big} />
      </Tile>
      <Tile label="Expired PINs">
        <TileLink tile="expired" label="Expired PINs" count={tiles.expired} className={big} />
      </Tile>
    </ul>
  );
}
