import { describe, expect, it } from 'vitest';
import { demoSeedDecision } from './demo-seed-decision';

describe('demoSeedDecision', () => {
  it('seeds in development (NODE_ENV unset or not production) unless PINDESK_SEED_DEMO=0', () => {
    expect(demoSeedDecision({}).seed).toBe(true);
    expect(demoSeedDecision({ NODE_ENV: 'development' }).seed).toBe(true);
    expect(demoSeedDecision({ PINDESK_SEED_DEMO: '0' }).seed).toBe(false);
  });

  it('seeds nothing in production, and says why and how to ask for it', () => {
    expect(demoSeedDecision({ NODE_ENV: 'production' })).toEqual({ seed: false, reason: expect.stringMatching(/NODE_ENV=production.*PINDESK_SEED_DEMO=1/) });
    expect(demoSeedDecision({ NODE_ENV: 'production', PINDESK_SEED_DEMO: '' }).seed).toBe(false);
    expect(demoSeedDecision({ NODE_ENV: 'production', PINDESK_SEED_DEMO: '0' }).seed).toBe(false);
  });

  it('seeds in production only when PINDESK_SEED_DEMO=1 asks for it', () => {
    expect(demoSeedDecision({ NODE_ENV: 'production', PINDESK_SEED_DEMO: '1' })).toEqual({ seed: true, reason: 'PINDESK_SEED_DEMO=1' });
  });

  it('refuses any other value of PINDESK_SEED_DEMO', () => {
    for (const bad of ['yes', 'true', '2', ' 1', 'on']) {
      expect(() => demoSeedDecision({ PINDESK_SEED_DEMO: bad })).toThrow(/PINDESK_SEED_DEMO must be 1 .* or 0 .*\(got "/);
    }
  });
});
