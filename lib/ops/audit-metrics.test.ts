import { describe, expect, it } from 'vitest';
import { countAuditEvents } from './audit-metrics';
import { metrics } from './metrics';

const value = async (name: string, labels: Record<string, string>) => {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === name);
  const match = metric?.values.find((v) => Object.entries(labels).every(([key, wanted]) => v.labels[key] === wanted));
  return match?.value ?? 0;
};

describe('countAuditEvents', () => {
  it('counts lockouts by kind and sign-ins by outcome, method and a known reason', async () => {
    const before = {
      system: await value('pindesk_pin_lockouts_total', { kind: 'system' }),
      admin: await value('pindesk_pin_lockouts_total', { kind: 'admin' }),
      oidc: await value('pindesk_sign_ins_total', { outcome: 'success', method: 'oidc' }),
      other: await value('pindesk_sign_ins_total', { outcome: 'failure', method: 'password', reason: 'other' }),
    };
    const at = Date.now();
    countAuditEvents([
      { at, actor: { type: 'system', name: 't' }, action: 'pin.logon', outcome: 'failure', details: { reason: 'wrong-pin', lockTriggered: 'system' } },
      { at, actor: { type: 'system', name: 't' }, action: 'pin.logon', outcome: 'failure', details: { reason: 'wrong-pin', lockTriggered: null } },
      { at, actor: { type: 'system', name: 't' }, action: 'pin.locked', outcome: 'success', details: {} },
      { at, actor: { type: 'system', name: 't' }, action: 'pin.locked', outcome: 'success', details: { alreadyLocked: true } },
      { at, actor: { type: 'system', name: 't' }, action: 'auth.signed_in', outcome: 'success', details: { method: 'oidc' } },
      // A reason outside the known set is "other": no label takes free text.
      { at, actor: { type: 'anonymous', name: 'x' }, action: 'auth.sign_in_failed', outcome: 'failure', details: { reason: 'typed <script>' } },
    ]);
    expect(await value('pindesk_pin_lockouts_total', { kind: 'system' })).toBe(before.system + 1);
    expect(await value('pindesk_pin_lockouts_total', { kind: 'admin' })).toBe(before.admin + 1);
    expect(await value('pindesk_sign_ins_total', { outcome: 'success', method: 'oidc' })).toBe(before.oidc + 1);
    expect(await value('pindesk_sign_ins_total', { outcome: 'failure', method: 'password', reason: 'other' })).toBe(before.other + 1);
  });
});
