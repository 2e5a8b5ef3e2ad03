// Hostile and random input against every core parser: nothing throws, every refusal is a
// readable sentence, and every accepted value is already in its normal form.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { DEVICE_FIELDS, type FieldName, parseField, parsePuk, parseBoschTicket } from '../../src/core/fields.js';
import { parseIntake } from '../../src/core/intake.js';
import { looksLikePuk } from '../../src/core/reading.js';
import { parseDuration, parseDurationList } from '../../src/core/deadlines.js';
import { compareFirmware, postResetSteps } from '../../src/core/firmware.js';
import { CODE, agent, createTestDesk, otherTech, tech } from '../support/desk.js';

const RUNS = 10_000;

// Pieces technicians (and attackers) really type, mixed with arbitrary text.
const token = fc.oneof(
  fc.constantFrom(
    'Model:',
    'MAC',
    'FW',
    'S/N',
    'SN',
    'Serial no.',
    'CTN',
    'Type',
    'code',
    'generated',
    'minutes ago',
    '10',
    '\n',
    ' ',
    '-',
    ':',
    'NDE-5503-AL',
    '00:07:5f:12:34:56',
    '0007.5f12.3456',
    '7.80.0128',
    '7.80 B128',
    '404754734001050102',
    CODE,
    CODE.slice(0, 16),
    '<!channel>',
    '<!everyone>',
    '<https://evil.example|click>',
    '<@U123>',
    '&amp;',
    '**bold**',
    '[x](javascript:alert(1))',
    '<script>alert(1)</script>',
    '\u200b',
    '\u202e',
    '\u0000',
    '😀',
    'ﬁ',
    'Ａ',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.stringMatching(/^[A-Za-z0-9]{1,40}$/),
);
const message = fc.array(token, { maxLength: 30 }).map((parts) => parts.join(' '));
const anyText = fc.oneof(message, fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }));

const readable = (s: string) => s.length > 5 && !/\bat .+:\d+:\d+/.test(s) && !/undefined|\[object /.test(s);

describe('hostile input to the core parsers', () => {
  it('reads any message into fields without throwing, and every error is a readable sentence', () => {
    fc.assert(
      fc.property(anyText, fc.option(fc.constantFrom<FieldName>('challenge', ...DEVICE_FIELDS), { nil: undefined }), (text, expecting) => {
        const r = parseIntake(text, expecting, 'en');
        for (const e of r.errors) expect(readable(e.message)).toBe(true);
        for (const [field, value] of Object.entries(r.fields)) {
          // Accepted values are normal already: parsing them again gives the same value.
          const again = parseField(field as FieldName, value, 'en');
          expect(again.ok && again.value).toBe(value);
        }
        if (r.challenge) expect(r.challenge.code).toMatch(/^[A-Za-z0-9]{32}$/);
        if (r.ageMs !== undefined) expect(r.ageMs).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('validates every field and the PUK without throwing; refusals say what is wrong', () => {
    const parsers: Array<(s: string) => ReturnType<typeof parsePuk>> = [
      ...(['challenge', ...DEVICE_FIELDS] as FieldName[]).map((f) => (s: string) => parseField(f, s, 'en')),
      (s: string) => parsePuk(s, 'en'),
      (s: string) => parseBoschTicket(s, 'en'),
    ];
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: parsers.length - 1 }), (text, i) => {
        const r = parsers[i]!(text);
        if (r.ok) expect(parsers[i]!(r.value)).toMatchObject({ ok: true, value: r.value });
        else expect(readable(r.error)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('never mistakes arbitrary agent chatter for a PUK unless it is PUK-shaped', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const puk = looksLikePuk(text);
        if (puk !== undefined) expect(parsePuk(puk, 'en').ok).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('parses durations and firmware versions from anything without throwing', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const d = parseDuration(a);
        if (d !== undefined) expect(d).toBeGreaterThan(0);
        parseDurationList(a);
        expect(Number.isFinite(compareFirmware(a, b))).toBe(true);
        expect(postResetSteps(a, 'en').steps.length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers a 100 KB paste with a reply and without hanging', () => {
    const huge = `${'x'.repeat(50_000)}\n${CODE}\n${'<!channel> '.repeat(5_000)}`;
    const r = parseIntake(huge, undefined, 'en');
    expect(r).toBeDefined();
  });
});

describe('random conversations against the desk', () => {
  let t: ReturnType<typeof createTestDesk>;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a test that failed before creating its desk leaves `t` unset
  afterEach(() => t?.close());

  const step = fc.oneof(
    fc.record({ kind: fc.constant('message' as const), who: fc.constantFrom(tech, otherTech), text: anyText }),
    fc.record({
      kind: fc.constantFrom('submit' as const, 'cancel' as const, 'done' as const, 'failed' as const, 'edit' as const),
      who: fc.constantFrom(tech, otherTech, agent),
    }),
    fc.record({ kind: fc.constantFrom('claim' as const), who: fc.constantFrom(agent, otherTech) }),
    fc.record({
      kind: fc.constantFrom('sendPuk' as const, 'ask' as const, 'reject' as const, 'agentReply' as const, 'recordTicket' as const),
      who: fc.constantFrom(agent, otherTech, tech),
      text: anyText,
    }),
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('sendPuk' as const),
        who: fc.constantFrom(agent, otherTech),
        text: fc.stringMatching(/^[A-Z0-9]{4}(-[A-Z0-9]{4}){2,4}$/),
      }),
    },
    fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 40 }) }),
  );

  it('never throws, never loses the audit trail, and never shows a PUK to anyone but the requester', async () => {
    let deliveredSomewhere = 0;
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(step, { maxLength: 25 }), async (submitFirst, steps) => {
        t = createTestDesk();
        const r = submitFirst
          ? await t.submitted()
          : await t.start(tech, `${CODE}\nModel NDE-5503-AL\nMAC 00075f123456\nFW 7.80.0128\nSN 404754734001050102`);
        const puks = new Set<string>();
        let auditLength = 1;
        for (const s of steps) {
          if (s.kind === 'advance') await t.clock.advance(s.minutes * 60_000);
          else if (s.kind === 'message') await t.desk.message(r.id, s.who, s.text);
          else if (s.kind === 'claim') await t.desk.claim(r.id, s.who);
          else if (s.kind === 'sendPuk') {
            const o = await t.desk.sendPuk(r.id, s.who, s.text);
            if (o.ok && o.request.puk?.value) puks.add(o.request.puk.value);
          } else if (s.kind === 'agentReply') {
            const o = await t.desk.agentReply(r.id, s.who, s.text);
            if (o.ok && o.request.puk?.value) puks.add(o.request.puk.value);
          } else if (s.kind === 'ask') await t.desk.ask(r.id, s.who, s.text);
          else if (s.kind === 'reject') await t.desk.reject(r.id, s.who, s.text);
          else if (s.kind === 'recordTicket') await t.desk.recordTicket(r.id, s.who, s.text);
          else await t.desk[s.kind](r.id, s.who);
          const stored = (await t.desk.get(r.id))!;
          expect(stored.audit.length).toBeGreaterThanOrEqual(auditLength);
          auditLength = stored.audit.length;
          if (['completed', 'cancelled', 'rejected'].includes(stored.state)) {
            expect(stored.challenge?.code).toBeUndefined();
            expect(stored.puk?.value).toBeUndefined();
          }
        }
        if (puks.size) deliveredSomewhere++;
        for (const sent of t.outbox.sent) {
          if (sent.notice.audience === 'requester_private') continue;
          for (const puk of puks) expect(sent.text).not.toContain(puk);
        }
        await t.close();
      }),
      { numRuns: 300 },
    );
    // The property only means something if PUKs were actually sent in many runs.
    expect(deliveredSomewhere).toBeGreaterThan(30);
  });
});
