// The audit export of a site (issue 15): each camera with how it ended, and never a code or PUK.
import { describe, expect, it } from 'vitest';
import { auditRecords, toCsv } from '../src/audit/export.js';
import { siteIn } from './support/i18n/longest.js';
import { CODE, PUK } from './support/i18n/longest.js';

describe('the audit export of a site', () => {
  it('lists every camera with its model, serial, MAC and outcome, and holds no code or PUK', () => {
    const site = siteIn('claimed', 'en', 'slack', 12);
    const [record] = auditRecords([site], 0);
    expect(record?.cameras).toHaveLength(12);
    expect(record?.cameras?.[1]).toMatchObject({ n: 2, state: 'puk_delivered', mac: '00:07:5F:12:00:02' });
    expect(record?.serial?.split('; ')).toHaveLength(12);
    const out = JSON.stringify(record) + toCsv(auditRecords([site], 0));
    expect(out).not.toContain(PUK);
    expect(out).not.toContain(CODE.slice(0, 28));
  });
});
