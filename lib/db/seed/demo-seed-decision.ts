/**
 * Whether start may seed the demo directory into an empty database. The demo has 2,000 users,
 * four of them administrators sharing one password: fine on a laptop, a hole in production.
 * So it is seeded in development (NODE_ENV not production) unless PINDESK_SEED_DEMO=0, and
 * in production only when PINDESK_SEED_DEMO=1 asks for it explicitly.
 */
export type DemoSeedDecision = { seed: boolean; reason: string };

export function demoSeedDecision(env: Record<string, string | undefined> = process.env): DemoSeedDecision {
  const raw = env.PINDESK_SEED_DEMO;
  if (raw !== undefined && raw !== '' && raw !== '0' && raw !== '1') {
    throw new Error(
      `PINDESK_SEED_DEMO must be 1 (seed the demo directory into an empty database) or 0 (do not) (got "${raw.slice(0, 40)}"); leave it unset to seed only outside production.`,
    );
  }
  const production = env.NODE_ENV === 'production';
  if (raw === '1') return { seed: true, reason: 'PINDESK_SEED_DEMO=1' };
  if (raw === '0') return { seed: false, reason: 'PINDESK_SEED_DEMO=0' };
  return production
    ? { seed: false, reason: 'NODE_ENV=production (set PINDESK_SEED_DEMO=1 to seed the demo directory anyway)' }
    : { seed: true, reason: 'development (NODE_ENV is not production)' };
}
