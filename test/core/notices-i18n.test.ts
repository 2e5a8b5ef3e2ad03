import { afterEach, describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { noticeMessage } from '../../src/core/copy.js';
import { NOTICES as BOOK } from '../../src/core/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/core/i18n/locale.js';
import type { Notice } from '../../src/core/notices.js';
import { plainText, type Inline, type RichMessage } from '../../src/core/rich.js';
import type { ResetRequest } from '../../src/core/request.js';
import type { CoreSettings } from '../../src/core/settings.js';
import { agent, agent2, CODE2, createTestDesk, minutes, tech } from '../support/desk.js';
import { french, quoted } from '../support/i18n/quotes.js';

let t: ReturnType<typeof createTestDesk>;
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a test that failed before creating its desk leaves `t` unset
afterEach(() => t?.close());

const HINT = 'Our cameras: Settings › Service › Password reset';
const photo = { url: 'https://files.slack.com/files-pri/T1-F1/download/label.jpg', name: 'label.jpg' };

/** Every notice kind with text, in each of its variants (audience, outcome, reason, role). */
const NOTICES: Notice[] = [
  { audience: 'requester', kind: 'welcome', missing: ['challenge', 'model', 'mac', 'firmware', 'serial'] },
  {
    audience: 'requester',
    kind: 'intake_reply',
    accepted: [
      { field: 'challenge', value: CODE2 },
      { field: 'model', value: 'NDE-5503-AL' },
      { field: 'mac', value: '00:07:5F:12:34:56' },
    ],
    errors: [{ field: 'serial', message: 'too short' }],
    warnings: [{ field: 'firmware', message: 'old firmware' }],
    missing: ['firmware', 'serial'],
    photoAdded: true,
    understood: true,
  },
  {
    audience: 'requester',
    kind: 'intake_reply',
    accepted: [],
    errors: [],
    warnings: [],
    missing: ['mac'],
    photoAdded: false,
    understood: false,
    challengeNews: 'replaced',
  },
  { audience: 'requester', kind: 'summary', warnings: [{ field: 'firmware', message: 'old firmware' }], challengeNews: 'replaced' },
  { audience: 'requester', kind: 'summary', warnings: [], challengeNews: 'same' },
  { audience: 'requester', kind: 'same_code' },
  { audience: 'requester', kind: 'confirm_code', code: CODE2, ageMs: minutes(10) },
  { audience: 'requester', kind: 'edit_help' },
  { audience: 'requester', kind: 'submitted' },
  { audience: 'requester', kind: 'support_waiting' },
  { audience: 'requester', kind: 'claimed', agent },
  { audience: 'requester', kind: 'question', from: agent, text: 'Which site?' },
  { audience: 'requester', kind: 'document_requested', from: agent, document: 'invoice' },
  { audience: 'requester', kind: 'document_requested', from: agent, document: 'proof_of_ownership' },
  { audience: 'requester', kind: 'document_requested', from: agent, document: 'authorization_letter', note: 'PDF please' },
  { audience: 'requester', kind: 'document_requested', from: agent, document: 'label_photo' },
  { audience: 'requester', kind: 'puk_sent_note', agent },
  { audience: 'requester_private', kind: 'puk' },
  { audience: 'requester', kind: 'warning', label: '15m', remainingMs: minutes(15), expiresAt: 1_800_000_000_000 },
  { audience: 'support', kind: 'warning', label: '15m', remainingMs: minutes(15), expiresAt: 1_800_000_000_000, unclaimed: true },
  { audience: 'requester', kind: 'puk_reminder', remainingMs: minutes(5), expiresAt: 1_800_000_000_000 },
  { audience: 'requester', kind: 'expired' },
  { audience: 'support', kind: 'expired' },
  { audience: 'requester', kind: 'reset_check' },
  { audience: 'support', kind: 'reset_check' },
  { audience: 'requester', kind: 'closed', outcome: 'unconfirmed' },
  { audience: 'support', kind: 'closed', outcome: 'abandoned' },
  { audience: 'support', kind: 'claim_released', from: agent },
  { audience: 'support', kind: 'claim_taken', from: agent, by: agent2 },
  { audience: 'support', kind: 'undelivered', reader: 'technician', platform: 'teams', since: 1_700_000_000_000 },
  { audience: 'support', kind: 'undelivered', reader: 'support', platform: 'slack', since: 1_700_000_000_000 },
  { audience: 'requester', kind: 'reopened' },
  { audience: 'requester', kind: 'reopened', reason: 'reset_failed' },
  { audience: 'support', kind: 'reopened', reason: 'new_challenge' },
  { audience: 'support', kind: 'reopened', reason: 'reset_failed', note: 'Still locked' },
  { audience: 'requester', kind: 'rejected', by: agent, reason: 'Not our camera' },
  { audience: 'requester', kind: 'cancelled' },
  { audience: 'requester', kind: 'completed' },
  { audience: 'support', kind: 'relay', from: tech, text: 'Site 4', files: [photo] },
  { audience: 'requester', kind: 'file_failed', name: 'label.jpg', role: 'label_photo' },
  { audience: 'requester', kind: 'file_failed', name: 'invoice.pdf', role: 'document' },
  { audience: 'support', kind: 'file_failed', name: 'label.jpg', role: 'label_photo' },
  { audience: 'support', kind: 'file_failed', name: 'invoice.pdf', role: 'document' },
  { audience: 'support', kind: 'puk_taken', agent },
  { audience: 'support', kind: 'ticket_recorded', by: agent, ticket: '#8712345678' },
];

const describeNotice = (n: Notice) => [n.audience, n.kind, ...Object.values(n).filter((v) => typeof v === 'string')].join(' ');

/** A submitted request as every notice expects it: a code, all details, a PUK sent, a Bosch ticket. */
async function fullRequest(): Promise<ResetRequest> {
  t = createTestDesk({ settings: { challengePageHint: HINT } });
  const r = await t.submitted();
  return {
    ...(await t.desk.get(r.id))!,
    puk: { value: '1234-5678-9012', sentBy: agent, sentAt: t.clock.now() },
    boschTicket: '#8712345678',
  };
}

/** Renders a notice as both readers would: the technician in `requester`, support in `support`. */
function render(notice: Notice, request: ResetRequest, languages: { requester?: Locale; support?: Locale }): RichMessage | undefined {
  const settings: CoreSettings = { ...t.desk.settings, supportLanguage: languages.support ?? 'en' };
  const requester = { ...request.requester, ...(languages.requester ? { locale: languages.requester } : {}) };
  return noticeMessage(notice, { ...request, requester }, t.clock.now(), settings);
}

const inLanguage = (notice: Notice, request: ResetRequest, locale: Locale) =>
  render(notice, request, { requester: locale, support: locale });

/** What a reader must find whatever the language: ids, codes, mentions, times, links and the buttons' meaning. */
function fixedParts(message: RichMessage): unknown[] {
  const rich = [...message.lines, ...(message.footer ?? [])].flat().filter((p): p is Exclude<Inline, string | { bold: string }> => {
    return typeof p !== 'string' && !('bold' in p);
  });
  return [
    // A mention is the same person whatever language they were rendered for.
    rich.map((p) => JSON.stringify('mention' in p ? { mention: `${p.mention.platform}:${p.mention.id}` } : p)).sort(),
    message.code,
    message.actions?.map((a) => [a.id, a.style, a.arg]),
  ];
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];
/** Plain text as the parser marks it (its enum is not ours to import). */
const LITERAL = new IntlMessageFormat('text').getAst()[0]!.type;

/** What a translation must keep from English: its placeholders, selects with their cases, and marks. */
function shape(message: string, locale: Locale): string[] {
  const out = new Set<string>();
  const walk = (elements: Element[]) => {
    for (const e of elements) {
      if ('children' in e) {
        out.add(`<${e.value}>`);
        walk(e.children);
      } else if ('options' in e) {
        out.add(`{${e.value}: ${Object.keys(e.options).sort().join('|')}}`);
        for (const option of Object.values(e.options)) walk(option.value);
      } else if ('value' in e && e.type !== LITERAL) out.add(`{${e.value}}`);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: false }).getAst());
  return [...out].sort();
}

describe('the notices catalog', () => {
  it('has every English message in every language, with the same placeholders, cases and marks', () => {
    const english = BOOK.catalogs.en;
    for (const locale of LOCALES) {
      const catalog = BOOK.catalogs[locale];
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(english).sort());
      for (const [key, source] of Object.entries(english)) {
        const translated = catalog[key];
        expect(translated, `${locale} ${key}`).toBeTypeOf('string');
        expect(shape(translated!, locale), `${locale} ${key}`).toEqual(shape(source!, 'en'));
      }
    }
  });
});

describe('every notice in every language', () => {
  it('is worded in each language, with the same ids, codes, mentions, times and buttons as in English', async () => {
    const request = await fullRequest();
    for (const notice of NOTICES) {
      const english = inLanguage(notice, request, 'en');
      expect(english, describeNotice(notice)).toBeDefined();
      const englishText = plainText(english!);
      for (const locale of LOCALES) {
        const what = `${describeNotice(notice)} in ${locale}`;
        const message = inLanguage(notice, request, locale);
        expect(message, what).toBeDefined();
        if (locale !== 'en') expect(plainText(message!), what).not.toBe(englishText);
        expect(fixedParts(message!), what).toEqual(fixedParts(english!));
        if (englishText.includes(request.id)) expect(plainText(message!), what).toContain(request.id);
      }
    }
  });

  it("keeps Bosch's words and the operator's hint as they are", async () => {
    const request = await fullRequest();
    for (const locale of LOCALES) {
      const welcome = plainText(inLanguage(NOTICES[0]!, request, locale)!);
      expect(welcome, locale).toContain(HINT);
      expect(welcome, locale).toContain('/reset');
      const reminder = plainText(
        inLanguage({ audience: 'requester', kind: 'puk_reminder', remainingMs: minutes(5), expiresAt: 0 }, request, locale)!,
      );
      expect(reminder, locale).toContain(quoted(locale, 'Response Code'));
      expect(reminder, locale).toContain(quoted(locale, 'Send'));
    }
  });
});

describe('what a German and a French technician read', () => {
  const line = (message: RichMessage | undefined, n: number) => plainText({ lines: [message!.lines[n]!] });

  it('welcomes them', async () => {
    const request = await fullRequest();
    const welcome = NOTICES[0]!;
    expect(line(inLanguage(welcome, request, 'de'), 0)).toBe(
      `Passwort-Reset ${request.id} gestartet. Ich sammle, was der Bosch-Support braucht – eine Antwort nach der anderen oder alles auf einmal eingefügt.`,
    );
    expect(line(inLanguage(welcome, request, 'fr'), 0)).toBe(
      `Réinitialisation du mot de passe ${request.id} lancée. Je rassemble ce dont le support Bosch a besoin, une réponse à la fois ou tout collé d’un coup.`,
    );
  });

  it('gives them the PUK with what to do next', async () => {
    const request = await fullRequest();
    const de = inLanguage({ audience: 'requester_private', kind: 'puk' }, request, 'de')!;
    expect(line(de, 0)).toBe(`PUK für ${request.id} (NDE-5503-AL, MAC 00:07:5F:12:34:56):`);
    expect(de.code).toBe('1234-5678-9012');
    expect(plainText({ lines: de.footer!.slice(-1) })).toBe('Sag mir dann, wie es gelaufen ist:');
    expect(de.actions?.map((a) => a.id)).toEqual(['done', 'failed']);
    const fr = inLanguage({ audience: 'requester_private', kind: 'puk' }, request, 'fr')!;
    expect(line(fr, 0)).toBe(french(`PUK pour ${request.id} (NDE-5503-AL, MAC 00:07:5F:12:34:56) :`));
    expect(plainText({ lines: fr.footer!.slice(-1) })).toBe(french('Dites-moi ensuite comment ça s’est passé :'));
  });

  it('warns them with the time left in their words', async () => {
    const request = await fullRequest();
    const warning: Notice = {
      audience: 'requester',
      kind: 'warning',
      label: '15m',
      remainingMs: minutes(15),
      expiresAt: Date.UTC(2026, 10, 26, 14, 2),
    };
    expect(line(inLanguage(warning, request, 'de'), 0)).toBe(
      `Achtung: Der Challenge-Code von ${request.id} läuft in 15 Minuten ab (um 14:02 UTC).`,
    );
    expect(line(inLanguage(warning, request, 'fr'), 0)).toBe(
      french(`Attention : le code de challenge de ${request.id} expire dans 15 minutes (à 14:02 UTC).`),
    );
  });

  it('tells them the code expired and what to do', async () => {
    const request = await fullRequest();
    const expired: Notice = { audience: 'requester', kind: 'expired' };
    expect(plainText(inLanguage(expired, request, 'de')!)).toBe(
      [
        `Der Challenge-Code von ${request.id} ist abgelaufen. Ein Code gilt nur eine Stunde, du brauchst also einen neuen.`,
        'Erzeuge auf der Reset-Seite der Kamera einen neuen Challenge-Code und füge ihn hier ein: Die Anfrage behält ihre Angaben und geht direkt zurück an den Support.',
      ].join('\n'),
    );
    expect(plainText(inLanguage(expired, request, 'fr')!)).toBe(
      french(
        [
          `Le code de challenge de ${request.id} a expiré. Un code n’est valable qu’une heure : il en faut donc un nouveau.`,
          'Générez un nouveau code de challenge sur la page de réinitialisation de la caméra et collez-le ici : la demande garde ses informations et repart directement au support.',
        ].join('\n'),
      ),
    );
  });
});

describe('whose language a notice is in', () => {
  it("is the support channel's for support, the technician's own for the technician", async () => {
    const request = await fullRequest();
    const expiredFor = (audience: 'requester' | 'support') => {
      const message = render({ audience, kind: 'expired' }, request, { requester: 'fr', support: 'de' });
      return plainText(message!);
    };
    expect(expiredFor('support')).toBe(plainText(inLanguage({ audience: 'support', kind: 'expired' }, request, 'de')!));
    expect(expiredFor('support')).toMatch(/^\S+: der Challenge-Code ist abgelaufen\./);
    expect(expiredFor('requester')).toBe(plainText(inLanguage({ audience: 'requester', kind: 'expired' }, request, 'fr')!));
    expect(expiredFor('requester')).toMatch(/^Le code de challenge de \S+ a expiré\./);
  });

  it('is English for a technician whose language nobody knows', async () => {
    const request = await fullRequest();
    const message = render({ audience: 'requester', kind: 'cancelled' }, request, { support: 'de' });
    expect(plainText(message!)).toBe(`${request.id} is cancelled. Nothing more will happen. Start again any time with /camreset.`);
  });
});
