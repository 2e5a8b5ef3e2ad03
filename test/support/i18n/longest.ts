// The longest realistic things a message can carry, for the limit checks: long display names
// and platform ids, notes and questions at the 3000-character cap, file names at 255, a request
// in every state with everything filled in, and every notice kind (the map is typed over
// NoticeKind, so a new kind does not compile here until it has an example).

import { MAX_RELAY_CHARS, type Notice, type NoticeKind } from '../../../src/core/notices.js';
import type { Locale } from '../../../src/core/i18n/locale.js';
import { DEFAULT_SETTINGS, type CoreSettings } from '../../../src/core/settings.js';
import { STATES, type Actor, type Camera, type RequestFile, type ResetRequest, type State } from '../../../src/core/request.js';

export const NOW = Date.UTC(2026, 11, 1, 13, 58, 0);
export const ID = 'CR-WXYZ';
export const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
export const PUK = 'K7M2P9Q4R8T3V6W1';

const LONG_NAME = 'Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach (Außendienst Nord)';

/** Prose (with characters every platform escapes) cut to exactly `n` characters. */
export function prose(n: number): string {
  const sentence = 'Die Kamera am Nordtor & <Zufahrt> reagiert nicht; "Response Code" ist leer. L\'accès est bloqué. ';
  return sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n);
}
export const NOTE = prose(MAX_RELAY_CHARS);

export function people(locale: Locale) {
  const slackTech: Actor = { platform: 'slack', id: 'UTECH1LONGID9', name: LONG_NAME, locale };
  const teamsTech: Actor = { platform: 'teams', id: `29:1${'x'.repeat(120)}`, name: LONG_NAME, locale };
  const agent: Actor = { platform: 'slack', id: 'UAGENT1LONGID', name: `${LONG_NAME} Support`, locale };
  const agent2: Actor = { platform: 'teams', id: `29:1${'y'.repeat(120)}`, name: `${LONG_NAME} Zweitsupport`, locale };
  return { slackTech, teamsTech, agent, agent2 };
}

const file = (n: number, copy?: RequestFile['copy']): RequestFile => ({
  url: `https://files.slack.com/files-pri/T0LONGTEAM-F0${n}LONGFILE/download/${'typenschild-'.repeat(20)}${n}.jpg`,
  name: `${'Typenschild_Kamera_Nordtor_'.repeat(9)}${n}.jpeg`.slice(0, 255),
  ...(copy ? { copy } : {}),
});

export function settingsFor(locale: Locale): CoreSettings {
  return {
    ...DEFAULT_SETTINGS,
    supportLanguage: locale,
    challengePageHint: prose(500),
  };
}

/** A request in `state` with every field at its longest, read by `locale` on `platform`. */
export function requestIn(state: State, locale: Locale, platform: 'slack' | 'teams' = 'slack'): ResetRequest {
  const p = people(locale);
  const requester = platform === 'slack' ? p.slackTech : p.teamsTech;
  const open = !['completed', 'cancelled', 'rejected', 'unconfirmed', 'abandoned'].includes(state);
  const pukSent = ['puk_delivered', 'completed', 'unconfirmed', 'expired'].includes(state);
  const claimed = !['collecting', 'awaiting_support'].includes(state);
  const r: ResetRequest = {
    id: ID,
    state,
    requester,
    conversation: {
      platform,
      channel: platform === 'slack' ? 'CFIELDLONG1' : `19:${'c'.repeat(60)}@thread.tacv2`,
      thread: '1700000000.000001',
    },
    device: {
      model: 'NDE-5503-AL-XF-ULTRA-LONG-MODEL-NAME',
      mac: '00:07:5F:12:34:56',
      firmware: '7.80.0128.0001-RC12',
      serial: '404754734001050102',
      photos: [file(1, 'delivered'), file(2, 'failed'), file(3, 'pending')],
      documents: [file(4), file(5, 'delivered'), file(6, 'pending'), file(7, 'failed')],
    },
    previousChallenges: [
      { seq: 1, receivedAt: NOW - 7_200_000, expiresAt: NOW - 3_600_000 },
      { seq: 2, receivedAt: NOW - 3_600_000, expiresAt: NOW - 60_000 },
    ],
    firedTimers: [],
    audit: [],
    createdAt: NOW - 3 * 3_600_000,
    updatedAt: NOW,
    boschTicket: `#${'8'.repeat(39)}`,
    supportCard: { platform, channel: 'CSUPPORTLONG', thread: '1700000001.000001', message: '1700000001.000001' },
  };
  if (state !== 'expired' || pukSent)
    r.challenge = { seq: 3, code: open ? CODE : undefined, receivedAt: NOW - 600_000, expiresAt: NOW + 3_000_000, aged: true, warned: 1 };
  else r.challenge = { seq: 3, receivedAt: NOW - 3_700_000, expiresAt: NOW - 100_000 };
  if (claimed) r.claimedBy = p.agent;
  if (pukSent) r.puk = { value: PUK, sentBy: p.agent, sentAt: NOW - 300_000 };
  if (state === 'needs_info') r.question = { text: NOTE, askedBy: p.agent, at: NOW - 60_000 };
  if (state === 'rejected') r.rejection = { reason: NOTE, by: p.agent, at: NOW - 60_000 };
  return r;
}

export const ALL_STATES: readonly State[] = STATES;

/** The most cameras a site holds by default (BATCH_MAX). */
export const SITE_SIZE = 50;
const CAMERA_STATES: readonly Camera['state'][] = ['open', 'puk_delivered', 'expired', 'completed'];

/**
 * A site of `size` cameras in `state`, every field at its longest: each camera with its own code
 * (a minute apart), in turn waiting, with its PUK, expired (some after their PUK) and done; in an
 * open state most wait for their PUK, as at the start.
 */
export function siteIn(state: State, locale: Locale, platform: 'slack' | 'teams' = 'slack', size = SITE_SIZE): ResetRequest {
  const single = requestIn(state, locale, platform);
  const p = people(locale);
  const open = !['completed', 'cancelled', 'rejected', 'unconfirmed', 'abandoned'].includes(state);
  const cameras = Array.from({ length: size }, (_, i): Camera => {
    const n = i + 1;
    const camState: Camera['state'] =
      state === 'collecting' || state === 'awaiting_support' ? 'open' : open ? (CAMERA_STATES[i % 4] ?? 'open') : 'completed';
    const live = open && (camState === 'open' || camState === 'puk_delivered');
    const camera: Camera = {
      n,
      model: 'NDE-5503-AL-XF-ULTRA-LONG-MODEL-NAME',
      mac: `00:07:5F:12:${String(Math.floor(n / 100)).padStart(2, '0')}:${String(n % 100).padStart(2, '0')}`,
      firmware: '7.80.0128.0001-RC12',
      serial: `4047547340010${String(50000 + n)}`,
      previousChallenges: [{ seq: 1, receivedAt: NOW - 7_200_000, expiresAt: NOW - 3_600_000 }],
      state: camState,
      challenge: {
        seq: 2,
        ...(live ? { code: `${CODE.slice(0, 28)}${String(1000 + n).slice(-4)}` } : {}),
        receivedAt: NOW - 600_000 + n * 60_000,
        expiresAt: NOW + 3_000_000 + n * 60_000,
        warned: 1,
      },
    };
    if (camState !== 'open' && (camState !== 'expired' || i % 8 === 2))
      camera.puk = { ...(live ? { value: PUK } : {}), sentBy: i % 2 ? p.agent : p.agent2, sentAt: NOW - 300_000 };
    return camera;
  });
  const r: ResetRequest = { ...single, device: { photos: single.device.photos, documents: single.device.documents }, cameras };
  delete r.challenge;
  delete r.puk;
  return r;
}

/** Every notice kind, each way it can read (audiences, options), with the longest values. */
export function notices(locale: Locale): { [K in NoticeKind]: Extract<Notice, { kind: K }>[] } {
  const { slackTech, agent, agent2 } = people(locale);
  const issue = (field: 'challenge' | 'model' | 'mac' | 'firmware' | 'serial') => ({ field, input: prose(200), message: prose(300) });
  const fields = ['challenge', 'model', 'mac', 'firmware', 'serial'] as const;
  const all = Array.from({ length: SITE_SIZE }, (_, i) => i + 1);
  return {
    welcome: [
      { audience: 'requester', kind: 'welcome', missing: [...fields] },
      { audience: 'requester', kind: 'welcome', missing: [] },
    ],
    intake_reply: [
      {
        audience: 'requester',
        kind: 'intake_reply',
        accepted: fields.map((field) => ({ field, value: prose(200) })),
        errors: fields.map(issue),
        warnings: fields.map(issue),
        missing: [...fields],
        photoAdded: true,
        understood: true,
        challengeNews: 'replaced',
        unread: true,
      },
      {
        audience: 'requester',
        kind: 'intake_reply',
        accepted: [],
        errors: [],
        warnings: [],
        missing: ['serial'],
        photoAdded: false,
        understood: false,
        challengeNews: 'same',
      },
      // What a technician said instead of a value: each field's help, and the wait.
      ...fields.flatMap((field) =>
        (['hold', 'no_value'] as const).map((aside): Extract<Notice, { kind: 'intake_reply' }> => ({
          audience: 'requester',
          kind: 'intake_reply',
          accepted: [],
          errors: [],
          warnings: [],
          missing: [field, ...fields.filter((f) => f !== field)],
          photoAdded: false,
          understood: false,
          aside,
        })),
      ),
    ],
    summary: [
      { audience: 'requester', kind: 'summary', warnings: fields.map(issue), challengeNews: 'replaced', unread: true },
      { audience: 'requester', kind: 'summary', warnings: [], challengeNews: 'same' },
      { audience: 'requester', kind: 'summary', warnings: [] },
    ],
    same_code: [{ audience: 'requester', kind: 'same_code' }],
    confirm_code: [
      { audience: 'requester', kind: 'confirm_code', code: CODE, ageMs: 59 * 60_000 },
      { audience: 'requester', kind: 'confirm_code', code: CODE },
    ],
    edit_help: [{ audience: 'requester', kind: 'edit_help' }],
    submitted: [{ audience: 'requester', kind: 'submitted' }],
    support_waiting: [{ audience: 'requester', kind: 'support_waiting' }],
    claimed: [{ audience: 'requester', kind: 'claimed', agent }],
    question: [{ audience: 'requester', kind: 'question', from: agent, text: NOTE }],
    document_requested: [
      { audience: 'requester', kind: 'document_requested', from: agent, document: 'authorization_letter', note: NOTE },
      { audience: 'requester', kind: 'document_requested', from: agent, document: 'proof_of_ownership' },
      { audience: 'requester', kind: 'document_requested', from: agent, document: 'invoice' },
      { audience: 'requester', kind: 'document_requested', from: agent, document: 'label_photo' },
    ],
    puk_sent_note: [{ audience: 'requester', kind: 'puk_sent_note', agent }],
    puk: [
      { audience: 'requester_private', kind: 'puk' },
      { audience: 'requester_private', kind: 'puk', camera: 2 },
    ],
    warning: [
      { audience: 'requester', kind: 'warning', label: '15m', remainingMs: 14 * 60_000 + 59_000, expiresAt: NOW + 899_000 },
      { audience: 'support', kind: 'warning', label: '15m', remainingMs: 14 * 60_000, expiresAt: NOW + 840_000, unclaimed: true },
      { audience: 'support', kind: 'warning', label: '5m', remainingMs: 60_000, expiresAt: NOW + 60_000 },
    ],
    puk_reminder: [{ audience: 'requester', kind: 'puk_reminder', remainingMs: 9 * 60_000, expiresAt: NOW + 540_000 }],
    expired: [
      { audience: 'requester', kind: 'expired' },
      { audience: 'support', kind: 'expired' },
    ],
    reset_check: [
      { audience: 'requester', kind: 'reset_check' },
      { audience: 'support', kind: 'reset_check' },
    ],
    closed: [
      { audience: 'requester', kind: 'closed', outcome: 'unconfirmed' },
      { audience: 'requester', kind: 'closed', outcome: 'abandoned' },
      { audience: 'support', kind: 'closed', outcome: 'unconfirmed' },
      { audience: 'support', kind: 'closed', outcome: 'abandoned' },
    ],
    claim_released: [{ audience: 'support', kind: 'claim_released', from: agent }],
    claim_taken: [{ audience: 'support', kind: 'claim_taken', from: agent, by: agent2 }],
    undelivered: [
      { audience: 'support', kind: 'undelivered', reader: 'technician', platform: 'teams', since: NOW - 2 * 3_600_000 },
      { audience: 'support', kind: 'undelivered', reader: 'support', platform: 'slack', since: NOW - 26 * 3_600_000 },
    ],
    reopened: [
      { audience: 'requester', kind: 'reopened' },
      { audience: 'support', kind: 'reopened', reason: 'new_challenge' },
      { audience: 'support', kind: 'reopened', reason: 'reset_failed', note: NOTE },
    ],
    rejected: [{ audience: 'requester', kind: 'rejected', by: agent, reason: NOTE }],
    cancelled: [{ audience: 'requester', kind: 'cancelled' }],
    completed: [{ audience: 'requester', kind: 'completed' }],
    relayed: [{ audience: 'requester', kind: 'relayed' }],
    relay: [
      { audience: 'support', kind: 'relay', from: slackTech, text: NOTE, files: [file(8, 'delivered'), file(9, 'pending'), file(10)] },
    ],
    ticket_recorded: [{ audience: 'support', kind: 'ticket_recorded', by: agent, ticket: `#${'8'.repeat(39)}` }],
    file_failed: [
      { audience: 'requester', kind: 'file_failed', name: file(11).name ?? '', role: 'label_photo' },
      { audience: 'support', kind: 'file_failed', name: file(12).name ?? '', role: 'document' },
    ],
    puk_taken: [{ audience: 'support', kind: 'puk_taken', agent }],
    card: [{ audience: 'card', kind: 'card' }],
    // A site's, at BATCH_MAX cameras.
    site_intake: [
      {
        audience: 'requester',
        kind: 'site_intake',
        added: all,
        updated: all,
        // Every row refused, with the longest problem a field rule words (a pasted row is one camera's line).
        bad: all.map((row) => ({ row, errors: [{ field: fields[row % 5] ?? 'mac', message: prose(160) }] })),
        shared: fields.filter((f) => f !== 'challenge').map((field) => ({ field, value: prose(60), to: all })),
        warnings: all.map((n) => ({ n, message: prose(120) })),
        understood: true,
        unread: true,
      },
      { audience: 'requester', kind: 'site_intake', added: [], updated: [], bad: [], shared: [], warnings: [], understood: false },
      {
        audience: 'requester',
        kind: 'site_intake',
        added: [],
        updated: [],
        bad: [],
        shared: [],
        warnings: [],
        understood: true,
        tooMany: { got: 999, max: 100 },
      },
    ],
    site_next_camera: [{ audience: 'requester', kind: 'site_next_camera', n: 100 }],
    site_warning: [
      {
        audience: 'requester',
        kind: 'site_warning',
        cameras: all,
        label: '15m',
        remainingMs: 899_000,
        expiresAt: NOW + 899_000,
        regenerate: true,
      },
      { audience: 'requester', kind: 'site_warning', cameras: all, label: '5m', remainingMs: 299_000, expiresAt: NOW + 299_000 },
      {
        audience: 'support',
        kind: 'site_warning',
        cameras: all,
        label: '15m',
        remainingMs: 899_000,
        expiresAt: NOW + 899_000,
        regenerate: true,
        unclaimed: true,
      },
    ],
    site_puk_reminder: [{ audience: 'requester', kind: 'site_puk_reminder', cameras: all, remainingMs: 299_000, expiresAt: NOW + 299_000 }],
    site_expired: [
      { audience: 'requester', kind: 'site_expired', cameras: all, afterPuk: all },
      { audience: 'support', kind: 'site_expired', cameras: all, afterPuk: all },
    ],
    site_puks_sent: [
      { audience: 'requester', kind: 'site_puks_sent', by: agent, cameras: all },
      { audience: 'support', kind: 'site_puks_sent', by: agent, cameras: all, open: all },
      { audience: 'support', kind: 'site_puks_sent', by: agent, cameras: [1], open: [] },
    ],
    site_codes: [
      { audience: 'requester', kind: 'site_codes', cameras: all, unplaced: 50 },
      { audience: 'support', kind: 'site_codes', cameras: all },
    ],
    site_outcome: [
      { audience: 'requester', kind: 'site_outcome', n: 50, ok: true },
      { audience: 'requester', kind: 'site_outcome', n: 50, ok: false },
      { audience: 'support', kind: 'site_outcome', n: 50, ok: false, note: NOTE },
    ],
  };
}
