import { describe, expect, it } from 'vitest';
import { parseAuditFilter } from '../audit/filter-params';
import { auditTimeParam, failedLogonsAuditHref } from './audit-links';

const asOf = Date.parse('2026-12-07T09:41:17.250Z');

describe('failedLogonsAuditHref', () => {
  it.each([
    [
      { target: 'sip:kenmyer@litwareinc.com' },
      '/audit?target=sip%3Akenmyer%40litwareinc.com&action=pin.logon&outcome=failure&from=2026-12-06T10%3A00&to=2026-12-07T09%3A41%3A18',
    ],
    [{ actor: 'Bridge A&B' }, '/audit?actor=Bridge+A%26B&action=pin.logon&outcome=failure&from=2026-12-06T10%3A00&to=2026-12-07T09%3A41%3A18'],
  ])('%j', (who, href) => {
    expect(failedLogonsAuditHref(who, asOf)).toBe(href);
  });

  it('is a filter the Audit page accepts as it is meant', () => {
    const params = new URL(failedLogonsAuditHref({ target: 'sip:ken@x' }, asOf), 'http://x').searchParams;
    const { filter, problems } = parseAuditFilter(params);
    expect(problems).toEqual([]);
    // The lists' window: the 23 whole hours before asOf's hour, that hour so far.
    expect(filter).toMatchObject({
      target: 'sip:ken@x',
      action: 'pin.logon',
      outcome: 'failure',
      from: new Date('2026-12-06T10:00:00Z'),
      to: new Date('2026-12-07T09:41:18Z'),
    });
  });

  it('writes times as UTC to the minute', () => {
    expect(auditTimeParam(Date.parse('2026-01-02T03:04:59.999Z'))).toBe('2026-01-02T03:04');
  });
});
