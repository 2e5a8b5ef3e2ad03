// The audit export: every request with its trail of who did what and when, as CSV (one row
// per audit entry) or JSON. Secrets are never part of it, whatever the store still holds: no
// code, no PUK and none of the words people wrote (notes, reasons, questions, messages); the
// trail records that they were given, by whom and when.

import type { ResetRequest } from '../core/request.js';

export interface AuditRecord {
  id: string;
  state: ResetRequest['state'];
  requester: string;
  platform: string;
  model?: string;
  serial?: string;
  boschTicket?: string;
  claimedBy?: string;
  /** A site's cameras: how each ended, by number (never a code or a PUK). */
  cameras?: Array<{ n: number; model?: string; serial?: string; mac?: string; state: string; pukSentBy?: string }>;
  createdAt: string;
  updatedAt: string;
  trail: Array<{ at: string; actor: string; action: string; detail?: string }>;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function auditRecords(requests: ResetRequest[], since: number): AuditRecord[] {
  return requests
    .filter((r) => r.updatedAt >= since)
    .map((r) => {
      const record: AuditRecord = {
        id: r.id,
        state: r.state,
        requester: `${r.requester.platform}:${r.requester.id}`,
        platform: r.conversation.platform,
        createdAt: iso(r.createdAt),
        updatedAt: iso(r.updatedAt),
        trail: r.audit.map((a) =>
          a.detail === undefined
            ? { at: iso(a.at), actor: a.actor, action: a.action }
            : { at: iso(a.at), actor: a.actor, action: a.action, detail: a.detail },
        ),
      };
      if (r.device.model) record.model = r.device.model;
      if (r.device.serial) record.serial = r.device.serial;
      if (r.cameras) {
        record.cameras = r.cameras.map((c) => {
          const camera: NonNullable<AuditRecord['cameras']>[number] = { n: c.n, state: c.state };
          if (c.model) camera.model = c.model;
          if (c.serial) camera.serial = c.serial;
          if (c.mac) camera.mac = c.mac;
          if (c.puk) camera.pukSentBy = `${c.puk.sentBy.platform}:${c.puk.sentBy.id}`;
          return camera;
        });
        // One CSV row per trail entry: a site's models and serials in camera order, one cell each.
        const models = [...new Set(r.cameras.flatMap((c) => (c.model ? [c.model] : [])))];
        if (models.length) record.model = models.join('; ');
        const serials = r.cameras.flatMap((c) => (c.serial ? [`${c.n}:${c.serial}`] : []));
        if (serials.length) record.serial = serials.join('; ');
      }
      if (r.boschTicket) record.boschTicket = r.boschTicket;
      if (r.claimedBy) record.claimedBy = `${r.claimedBy.platform}:${r.claimedBy.id}`;
      return record;
    });
}

const CSV_COLUMNS = [
  'request',
  'state',
  'requester',
  'platform',
  'model',
  'serial',
  'bosch_ticket',
  'at',
  'actor',
  'action',
  'detail',
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is defused so spreadsheets never run it as a formula. */
function cell(value: string | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(records: AuditRecord[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const r of records)
    for (const e of r.trail)
      rows.push(
        [r.id, r.state, r.requester, r.platform, r.model, r.serial, r.boschTicket, e.at, e.actor, e.action, e.detail].map(cell).join(','),
      );
  return `${rows.join('\r\n')}\r\n`;
}

export function toJson(records: AuditRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}
