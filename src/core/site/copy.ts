// The words of a site's notices, its card rows and the confirmation of Bosch's reply: every
// message names its cameras by number (and model and MAC where the reader must find the
// device), lists them in the order that matters, and says what to do next.

import type { Camera, ResetRequest } from '../request.js';
import type { Notice } from '../notices.js';
import type { BoschReplyReading } from '../bosch-reply.js';
import { fieldLabels } from '../fields.js';
import { humanDuration } from '../deadlines.js';
import { postResetSteps } from '../firmware.js';
import { COPY, NOTICES, SITE } from '../i18n/catalog.js';
import type { Locale } from '../i18n/locale.js';
import type { Values } from '../i18n/say.js';
import type { Action, Paragraph, RichMessage } from '../rich.js';
import { BOSCH_CHARGES_FROM, byExpiry, cameraOf, currentCamera, cameraMissing, siteMissing } from './cameras.js';

type SiteKey = Parameters<typeof SITE.say>[1];
type SiteNotice = Extract<
  Notice,
  {
    kind:
      | 'site_intake'
      | 'site_next_camera'
      | 'site_warning'
      | 'site_puk_reminder'
      | 'site_expired'
      | 'site_puks_sent'
      | 'site_codes'
      | 'site_outcome';
  }
>;

/** How a new code is pasted with its camera's MAC, as an example in the reader's language. */
const example = (locale: Locale) => ({ code: SITE.word(locale, 'site.example') });

/** Rows refused, and notes, worded one by one up to this many; the rest are counted and named. */
const MAX_DETAILED = 12;

/** "1–4, 7 and 9" in the reader's language: three or more in a row read as a range, so fifty cameras stay one short line. */
function numbers(ns: readonly number[], locale: Locale): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length;) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === (ns[j] as number) + 1) j++;
    if (j - i >= 2) parts.push(`${ns[i]}–${ns[j]}`);
    else for (let k = i; k <= j; k++) parts.push(String(ns[k]));
    i = j + 1;
  }
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(parts);
}

/** "cameras 1, 2 and 5" (`start`: at the head of a sentence). */
export function camerasWord(ns: readonly number[], locale: Locale, start = false): string {
  return SITE.word(locale, start ? 'site.cameras_start' : 'site.cameras', { count: ns.length, list: numbers(ns, locale) });
}

/** "camera 3 (NDE-3503-AL, MAC 00:07:5F:AA:BB:03)": how a technician finds the device. */
export function cameraName(camera: Camera | undefined, n: number, locale: Locale, start = false): string {
  if (!camera?.model && !camera?.mac) return SITE.word(locale, start ? 'site.camera_start' : 'site.camera', { n });
  const unknown = SITE.word(locale, 'site.unknown');
  return SITE.word(locale, start ? 'site.camera_named_start' : 'site.camera_named', {
    n,
    model: camera.model ?? unknown,
    mac: camera.mac ?? unknown,
  });
}

function deadlineValues(expiresAt: number, now: number, locale: Locale): Values {
  return { at: { time: expiresAt }, left: humanDuration(Math.max(0, expiresAt - now), locale) };
}

/** The buttons under a site's intake: Submit once every camera is complete, Another camera, Cancel. */
function intakeActions(request: ResetRequest, locale: Locale): Action[] {
  const ready = (request.cameras?.length ?? 0) > 0 && siteMissing(request).length === 0;
  const actions: Action[] = [];
  if (ready) actions.push({ id: 'submit', label: COPY.word(locale, 'action.submit'), style: 'primary' });
  actions.push({ id: 'another_camera', label: SITE.word(locale, 'site.action.another_camera') });
  actions.push({ id: 'cancel', label: COPY.word(locale, 'action.cancel'), style: 'danger' });
  return actions;
}

/** A camera's details on one line (the summary and the card). */
function detailLine(key: 'site.summary.line' | 'site.card.row', camera: Camera, locale: Locale): Paragraph {
  const none = SITE.word(locale, 'site.unknown');
  return SITE.say(locale, key, {
    n: String(camera.n),
    model: camera.model ?? none,
    mac: camera.mac ?? none,
    firmware: camera.firmware ?? none,
    serial: camera.serial ?? none,
  });
}

/** The site's summary before submission: each camera on a line, the first deadline, and the charge note. */
function summaryLines(request: ResetRequest, now: number, locale: Locale): Paragraph[] {
  const cameras = request.cameras ?? [];
  const lines: Paragraph[] = [SITE.say(locale, 'site.summary.heading', { id: request.id, count: cameras.length })];
  for (const c of cameras) lines.push(detailLine('site.summary.line', c, locale));
  const first = byExpiry(cameras)[0]?.challenge;
  if (first?.code) lines.push(SITE.say(locale, 'site.summary.expires', deadlineValues(first.expiresAt, now, locale)));
  if (cameras.length >= BOSCH_CHARGES_FROM) lines.push(SITE.say(locale, 'site.charges', { count: cameras.length }));
  lines.push(SITE.say(locale, 'site.summary.submit_hint'));
  return lines;
}

/** What to ask next in a site's intake: the camera being filled one answer at a time, else what each camera lacks. */
function stillMissing(request: ResetRequest, locale: Locale): Paragraph[] {
  const labels = fieldLabels(locale);
  const list = new Intl.ListFormat(locale, { type: 'unit' });
  const current = currentCamera(request);
  const others = siteMissing(request).filter((m) => m.n !== current?.n);
  const lines: Paragraph[] = [];
  if (others.length)
    lines.push(
      SITE.say(locale, 'site.intake.missing', {
        list: others
          .map((m) => SITE.word(locale, 'site.intake.missing_camera', { n: m.n, fields: list.format(m.fields.map((f) => labels[f])) }))
          .join('; '),
      }),
    );
  if (current) {
    const first = cameraMissing(current)[0];
    const QUESTION = {
      challenge: 'question.challenge',
      model: 'question.model',
      mac: 'question.mac',
      firmware: 'question.firmware',
      serial: 'question.serial',
    } as const;
    if (first)
      lines.push([
        ...SITE.say(locale, 'site.intake.asking', { n: current.n }),
        ' ',
        ...NOTICES.say(locale, QUESTION[first], { page: { code: 'http://<camera-ip>/version' } }),
      ]);
  }
  return lines;
}

/** A site notice for its reader, in `locale` (the technician's, or the support channel's). */
export function siteNoticeMessage(
  notice: SiteNotice,
  request: ResetRequest,
  now: number,
  locale: Locale,
  start: string,
): RichMessage | undefined {
  const id = request.id;
  const say = (key: SiteKey, values?: Values): Paragraph => SITE.say(locale, key, values);
  const named = (ns: readonly number[]) => camerasWord(ns, locale);
  switch (notice.kind) {
    case 'site_intake': {
      if (notice.tooMany)
        return { lines: [say('site.intake.too_many', { got: notice.tooMany.got, max: notice.tooMany.max, cmd: { code: start } })] };
      const labels = fieldLabels(locale);
      const lines: Paragraph[] = [];
      if (notice.added.length) lines.push(say('site.intake.added', { count: notice.added.length, list: numbers(notice.added, locale) }));
      if (notice.updated.length) lines.push(say('site.intake.updated', { cameras: named(notice.updated) }));
      for (const s of notice.shared)
        lines.push(say('site.intake.shared', { field: capital(labels[s.field], locale), value: s.value, cameras: named(s.to) }));
      const badRows = notice.bad.filter((b) => b.row > 0);
      // Past a dozen refused rows the paste is likely laid out wrong: the first ones say how, the rest are named.
      const shown = notice.bad.slice(0, MAX_DETAILED);
      const rest = notice.bad.slice(MAX_DETAILED).filter((b) => b.row > 0);
      for (const b of shown)
        for (const e of b.errors.slice(0, 2)) {
          const field = capital(labels[e.field], locale);
          if (b.row > 0) {
            lines.push(say('site.intake.bad_row', { row: String(b.row), field, message: e.message }));
            // The row as pasted (its code masked), so it is found without counting lines.
            if (b.text && e === b.errors[0]) lines.push([{ code: b.text }]);
          } else if (b.row < 0)
            lines.push(
              say('site.intake.bad_camera', {
                camera: cameraName(cameraOf(request, -b.row), -b.row, locale, true),
                field,
                message: e.message,
              }),
            );
          else lines.push(say('site.intake.bad_shared', { field, message: e.message }));
        }
      if (rest.length)
        lines.push(
          say('site.intake.more_bad', {
            count: rest.length,
            rows: numbers(
              rest.map((b) => b.row),
              locale,
            ),
          }),
        );
      if (badRows.length) lines.push(say('site.intake.send_again', { count: badRows.length }));
      for (const w of notice.warnings.slice(0, MAX_DETAILED))
        lines.push(say('site.intake.note', { camera: cameraName(cameraOf(request, w.n), w.n, locale, true), message: w.message }));
      if (notice.warnings.length > MAX_DETAILED)
        lines.push(say('site.intake.more_notes', { count: notice.warnings.length - MAX_DETAILED }));
      if (!notice.understood) lines.push(say('site.intake.not_understood'));
      if (notice.unread) lines.push(NOTICES.say(locale, 'intake.unread'));
      const complete = (request.cameras?.length ?? 0) > 0 && siteMissing(request).length === 0;
      if (complete) lines.push(...summaryLines(request, now, locale));
      else lines.push(...stillMissing(request, locale));
      return { lines, actions: intakeActions(request, locale) };
    }
    case 'site_next_camera':
      return {
        lines: [
          say('site.next_camera', { n: notice.n }),
          NOTICES.say(locale, 'question.challenge', { page: { code: 'http://<camera-ip>/version' } }),
        ],
        actions: intakeActions(request, locale),
      };
    case 'site_warning': {
      const values = { id, count: notice.cameras.length, cameras: named(notice.cameras), ...deadlineValues(notice.expiresAt, now, locale) };
      if (notice.audience === 'support') {
        const lines = [say('site.warning.support', values)];
        if (notice.regenerate) lines.push(say('site.warning.support_regenerate'));
        if (notice.unclaimed) lines.push(NOTICES.say(locale, 'warning.unclaimed'));
        return { lines };
      }
      if (notice.regenerate) {
        const lines: Paragraph[] = [say('site.warning.regenerate', { id, count: notice.cameras.length })];
        notice.cameras.forEach((n, i) => {
          const camera = cameraOf(request, n);
          lines.push(
            say('site.warning.order', {
              i: String(i + 1),
              camera: cameraName(camera, n, locale, true),
              at: { time: camera?.challenge?.expiresAt ?? notice.expiresAt },
            }),
          );
        });
        lines.push(say('site.warning.paste_like', { example: example(locale) }));
        return { lines };
      }
      return {
        lines: [
          say('site.warning.heads_up', values),
          say(request.state === 'collecting' ? 'site.warning.collecting' : 'site.warning.reminded'),
        ],
      };
    }
    case 'site_puk_reminder':
      return {
        lines: [
          say('site.puk_reminder', {
            id,
            count: notice.cameras.length,
            cameras: named(notice.cameras),
            ...deadlineValues(notice.expiresAt, now, locale),
          }),
        ],
      };
    case 'site_expired': {
      const lines: Paragraph[] = [];
      if (notice.audience === 'requester') {
        if (notice.cameras.length)
          lines.push(
            say('site.expired.requester', { id, count: notice.cameras.length, cameras: named(notice.cameras), example: example(locale) }),
          );
        if (notice.afterPuk.length)
          lines.push(say('site.expired.after_puk', { count: notice.afterPuk.length, cameras: named(notice.afterPuk) }));
      } else {
        if (notice.cameras.length)
          lines.push(say('site.expired.support', { id, count: notice.cameras.length, cameras: named(notice.cameras) }));
        if (notice.afterPuk.length)
          lines.push(say('site.expired.support_after_puk', { id, count: notice.afterPuk.length, cameras: named(notice.afterPuk) }));
      }
      return lines.length ? { lines } : undefined;
    }
    case 'site_puks_sent': {
      const agent = { mention: notice.by };
      if (notice.audience === 'requester') return { lines: [say('site.puks_sent.requester', { agent, cameras: named(notice.cameras) })] };
      return {
        lines: [
          say('site.puks_sent.support', { agent, cameras: named(notice.cameras), id }),
          notice.open.length ? say('site.puks_sent.open', { cameras: named(notice.open) }) : say('site.puks_sent.all'),
        ],
      };
    }
    case 'site_codes': {
      if (notice.audience === 'support')
        return { lines: [say('site.codes.support', { id, count: notice.cameras.length, cameras: named(notice.cameras) })] };
      const lines: Paragraph[] = [];
      if (notice.cameras.length) lines.push(say('site.codes.taken', { count: notice.cameras.length, cameras: named(notice.cameras) }));
      if (notice.unplaced) lines.push(say('site.codes.unplaced', { id, count: notice.unplaced, example: example(locale) }));
      return lines.length ? { lines } : undefined;
    }
    case 'site_outcome': {
      if (notice.audience === 'requester')
        return { lines: [say(notice.ok ? 'site.outcome.done' : 'site.outcome.failed', { n: notice.n })] };
      const lines = [say(notice.ok ? 'site.outcome.support_done' : 'site.outcome.support_failed', { n: notice.n, id })];
      if (notice.note) lines.push(say('site.outcome.they_wrote', { note: notice.note }));
      return { lines };
    }
  }
}

/** "Submitted" for a site: how many cameras, the first deadline, and Bosch's charges from four cameras. */
export function siteSubmitted(request: ResetRequest, now: number, locale: Locale): RichMessage {
  const cameras = request.cameras ?? [];
  const lines: Paragraph[] = [SITE.say(locale, 'site.submitted', { id: request.id, count: cameras.length })];
  const first = byExpiry(cameras)[0]?.challenge;
  if (first?.code) lines.push(SITE.say(locale, 'site.submitted.first_expiry', deadlineValues(first.expiresAt, now, locale)));
  if (cameras.length >= BOSCH_CHARGES_FROM) lines.push(SITE.say(locale, 'site.charges', { count: cameras.length }));
  return { lines };
}

/** One camera's PUK, privately: named by number, model and MAC, with the steps for its firmware and its own buttons. */
export function sitePuk(request: ResetRequest, n: number | undefined, now: number, locale: Locale): RichMessage | undefined {
  const camera = n === undefined ? undefined : cameraOf(request, n);
  const puk = camera?.puk?.value;
  if (!camera || !puk) return undefined;
  const none = SITE.word(locale, 'site.unknown');
  const steps = postResetSteps(camera.firmware, locale);
  const footer: Paragraph[] = [
    NOTICES.say(locale, 'puk.next_steps', { text: steps.passwordsAfterPuk }),
    ...steps.steps.map((s, i): Paragraph => [`${i + 1}. ${s}`]),
  ];
  if (camera.challenge?.code) footer.push(SITE.say(locale, 'site.puk.deadline', deadlineValues(camera.challenge.expiresAt, now, locale)));
  footer.push(SITE.say(locale, 'site.puk.tell_me', { n: camera.n }));
  const arg = String(camera.n);
  return {
    lines: [SITE.say(locale, 'site.puk.heading', { n: camera.n, model: camera.model ?? none, mac: camera.mac ?? none, id: request.id })],
    code: puk,
    footer,
    actions: [
      { id: 'done', label: COPY.word(locale, 'action.done'), style: 'primary', arg },
      { id: 'failed', label: COPY.word(locale, 'action.failed'), style: 'danger', arg },
    ],
  };
}

/** "3=ABCD1234;7=…": the PUKs an agent confirms, carried by the confirmation's one button. */
export function pukMatchArg(matched: ReadonlyArray<{ n: number; puk: string }>): string {
  return matched.map((m) => `${m.n}=${encodeURIComponent(m.puk)}`).join(';');
}

export function parsePukMatchArg(arg: string | undefined): Array<{ camera: number; puk: string }> {
  if (typeof arg !== 'string' || arg.length > 8_000) return [];
  const out: Array<{ camera: number; puk: string }> = [];
  for (const part of arg.split(';')) {
    const m = /^(\d{1,3})=([^;=]{1,200})$/.exec(part);
    if (!m) continue;
    try {
      out.push({ camera: Number(m[1]), puk: decodeURIComponent(m[2] as string) });
    } catch {
      // A forged button value that does not decode carries no PUK.
    }
  }
  return out;
}

/** What Bosch's reply matched, privately to the agent who pasted it, with one button to send exactly that. */
export function sitePukConfirmation(request: ResetRequest, reading: BoschReplyReading, locale: Locale): RichMessage {
  const say = (key: SiteKey, values?: Values): Paragraph => SITE.say(locale, key, values);
  const total = reading.matched.length + reading.missing.length + reading.conflicting.length;
  if (!reading.matched.length) {
    const lines = [say('site.confirm.none', { id: request.id })];
    if (reading.missing.length)
      lines.push(say('site.confirm.missing', { count: reading.missing.length, cameras: camerasWord(reading.missing, locale) }));
    return { lines };
  }
  const lines: Paragraph[] = [say('site.confirm.heading', { count: reading.matched.length, total, id: request.id })];
  for (const m of reading.matched)
    lines.push(say('site.confirm.line', { camera: cameraName(cameraOf(request, m.n), m.n, locale, true), puk: { code: m.puk }, by: m.by }));
  if (reading.missing.length)
    lines.push(say('site.confirm.missing', { count: reading.missing.length, cameras: camerasWord(reading.missing, locale) }));
  if (reading.conflicting.length)
    lines.push(say('site.confirm.conflicting', { count: reading.conflicting.length, cameras: camerasWord(reading.conflicting, locale) }));
  if (reading.unplaced) lines.push(say('site.confirm.unplaced', { count: reading.unplaced }));
  return {
    lines,
    actions: [
      {
        id: 'puks_confirm',
        label: SITE.word(locale, 'site.confirm.send', { count: reading.matched.length }),
        style: 'primary',
        arg: pukMatchArg(reading.matched),
      },
    ],
  };
}

/** One camera as a row of the support card. */
export interface CameraRow {
  n: number;
  details: Paragraph;
  state: Paragraph;
  /** The live challenge code while the camera waits for its PUK (copyable). */
  code?: string;
  expiresAt?: number;
}

/** The card's rows, soonest to expire first, and its summary line (for a card that cannot show every row). */
export function siteCardRows(
  request: ResetRequest,
  now: number,
  locale: Locale,
): { rows: CameraRow[]; summary: Paragraph; charges?: Paragraph } {
  const cameras = request.cameras ?? [];
  const rows = byExpiry(cameras).map((c): CameraRow => {
    const code = c.state === 'open' ? c.challenge?.code : undefined;
    const state =
      c.state === 'open' && code
        ? 'open'
        : c.state === 'open'
          ? 'collecting'
          : c.state === 'expired' && c.puk
            ? 'expired_after_puk'
            : c.state;
    const values: Values = {
      state,
      ...(code && c.challenge ? deadlineValues(c.challenge.expiresAt, now, locale) : { at: '', left: '' }),
      agent: c.puk ? { mention: c.puk.sentBy } : '',
    };
    const row: CameraRow = {
      n: c.n,
      details: detailLine('site.card.row', c, locale),
      state: SITE.say(locale, 'site.card.row_state', values),
    };
    if (code && c.challenge && ['awaiting_support', 'claimed', 'needs_info'].includes(request.state)) {
      row.code = code;
      row.expiresAt = c.challenge.expiresAt;
    }
    return row;
  });
  const count = (s: Camera['state']) => cameras.filter((c) => c.state === s).length;
  const summary = SITE.say(locale, 'site.card.summary', {
    count: String(cameras.length),
    waiting: String(count('open')),
    sent: String(count('puk_delivered')),
    expired: String(count('expired')),
    done: String(count('completed')),
  });
  const out: { rows: CameraRow[]; summary: Paragraph; charges?: Paragraph } = { rows, summary };
  if (cameras.length >= BOSCH_CHARGES_FROM) out.charges = SITE.say(locale, 'site.card.charges', { count: String(cameras.length) });
  return out;
}

const capital = (s: string, locale: Locale) => s.charAt(0).toLocaleUpperCase(locale) + s.slice(1);
