// The reader's rules as tables: what a message is, given where it was written and what it says.
// The conversation tests (test/platforms/*/reading.test.ts) tell the same rules as stories.

import { describe, expect, it } from 'vitest';
import { parseIntake } from '../../src/core/intake.js';
import { newRequest } from '../../src/core/lifecycle.js';
import {
  type Command,
  type Place,
  commandAfter,
  commandIn,
  onlyCode,
  pukCandidate,
  read,
  readAfterSubmit,
} from '../../src/core/reading.js';
import type { ResetRequest, State } from '../../src/core/request.js';
import { plainText } from '../../src/core/rich.js';
import { CODE, CODE2, agent, createTestDesk, tech } from '../support/desk.js';

const request = (state: State, extra: Partial<ResetRequest> = {}): ResetRequest => ({
  ...newRequest({ id: 'CR-7K3M', requester: tech, conversation: { platform: 'slack', channel: 'CFIELD', thread: '1.1' }, now: 0 }),
  state,
  device: {
    model: 'NDE-5503-AL',
    mac: '00:07:5F:12:34:56',
    firmware: '7.80.0128',
    serial: '404754734001050102',
    photos: [],
    documents: [],
  },
  challenge: { seq: 1, code: CODE, receivedAt: 0, expiresAt: 3_600_000 },
  ...extra,
});

describe('commands are read once, and only as a whole message', () => {
  const inMessage: Array<[string, Command | undefined]> = [
    ['camreset', { word: 'start', text: '' }],
    ['Camreset', { word: 'start', text: '' }],
    [`camreset ${CODE}`, { word: 'start', text: CODE }],
    ['camreset status', { word: 'status' }],
    ['help', { word: 'help' }],
    ['status', { word: 'status' }],
    ['status?', { word: 'status' }],
    ['cancel', { word: 'cancel' }],
    ['Cancel.', { word: 'cancel' }],
    ['cancel cr-7k3m', { word: 'cancel', id: 'CR-7K3M' }],
    ['Cancel my last message, the MAC is 00:07:5F:12:34:56', undefined],
    ['help me, the page shows nothing', undefined],
    ['status of the camera: offline', undefined],
    ['please cancel', undefined],
    ['cancel CR-7K3M and CR-8N4P', undefined],
  ];
  it.each(inMessage)('%j in a conversation is %j', (text, command) => {
    expect(commandIn(text)).toEqual(command);
  });

  const afterCommand: Array<[string, Command]> = [
    ['', { word: 'start', text: '' }],
    [CODE, { word: 'start', text: CODE }],
    ['HELP', { word: 'help' }],
    ['status', { word: 'status' }],
    ['cancel', { word: 'cancel' }],
    ['cancel CR-7K3M', { word: 'cancel', id: 'CR-7K3M' }],
    // The slash command names the word, but "cancel" with words that are no id cancels nothing.
    ['cancel my last message', { word: 'cancel', unclear: true }],
  ];
  it.each(afterCommand)('/camreset %j is %j', (text, command) => {
    expect(commandAfter(text)).toEqual(command);
  });
});

describe('what a message is, by where it was written', () => {
  const cases: Array<[Place, string, { addressed?: boolean; files?: number }, string]> = [
    ['request', 'NDE-5503-AL', {}, 'request'],
    ['request', 'cancel', {}, 'command'],
    ['request', 'Cancel my last message, the MAC is 00:07:5F:12:34:56', {}, 'request'],
    ['request', 'camreset', {}, 'command'],
    ['request', '', { files: 1 }, 'request'],
    ['request', '  ', {}, 'ignore'],
    ['card', 'PUK: PUK7K3M9Q2X8', {}, 'card_reply'],
    // An agent's words in the card's thread are for the technician, never a command.
    ['card', 'status', {}, 'card_reply'],
    ['card', '', { files: 1 }, 'ignore'],
    ['direct', 'status', {}, 'command'],
    ['direct', 'hello?', {}, 'help'],
    ['elsewhere', 'cancel', {}, 'ignore'],
    ['elsewhere', 'lunch anyone?', {}, 'ignore'],
    ['elsewhere', 'camreset', { addressed: true }, 'command'],
    ['elsewhere', 'what do you do?', { addressed: true }, 'help'],
  ];
  it.each(cases)('in %s, %j (%j) is %s', (place, text, extra, kind) => {
    expect(read({ place, text, files: extra.files ?? 0, ...(extra.addressed ? { addressed: true } : {}) }).kind).toBe(kind);
  });
});

describe("the technician's words once the request is with support", () => {
  const hex = '3f2a9c0e1b7d4a6f8e2c5b9a0d3e7f1c';
  const cases: Array<[State, string, ReturnType<typeof readAfterSubmit>]> = [
    ['awaiting_support', CODE, { kind: 'same_code' }],
    ['puk_delivered', `  ${CODE}  `, { kind: 'same_code' }],
    ['puk_delivered', CODE2, { kind: 'new_code', code: CODE2, confirm: true }],
    ['puk_delivered', `New code: ${CODE2}`, { kind: 'new_code', code: CODE2, confirm: true }],
    ['claimed', `${CODE2} (generated 5 minutes ago)`, { kind: 'new_code', code: CODE2, ageMs: 300_000, confirm: true }],
    ['puk_delivered', `the page says: error id ${hex}`, { kind: 'relay' }],
    ['needs_info', `Site 4, the code was ${CODE2}`, { kind: 'relay' }],
    ['awaiting_support', 'any news?', { kind: 'relay' }],
    // Expired: the bot asked for a new code, so a code anywhere is that answer.
    ['expired', `here is the new one ${CODE2} thanks`, { kind: 'new_code', code: CODE2, confirm: false }],
  ];
  it.each(cases)('in %s, %j is %j', (state, text, meaning) => {
    expect(readAfterSubmit(request(state), text)).toEqual(meaning);
  });

  it('reads a message as only a code with a label or an age, never inside a sentence', () => {
    expect(onlyCode(`Challenge code: ${CODE}`)).toEqual({ code: CODE });
    expect(onlyCode(`${CODE.slice(0, 16)}\n${CODE.slice(16)}`)).toEqual({ code: CODE });
    expect(onlyCode(`I think ${CODE} is wrong`)).toBeUndefined();
  });
});

describe('PUK candidates in the card thread', () => {
  const r = request('claimed', { boschTicket: '#8712345678' });
  const cases: Array<[string, string | undefined]> = [
    ['PUK: PUK7K3M9Q2X8', 'PUK7K3M9Q2X8'],
    ['PUK7K3M9Q2X8', 'PUK7K3M9Q2X8'],
    ['puk ABCD-1234-EFGH', 'ABCD-1234-EFGH'],
    ['PUK: ABCDEFGHJK', 'ABCDEFGHJK'],
    ['PUK will follow shortly', undefined],
    ['willfollowshortly', undefined],
    ['Thanks, on it', undefined],
    ['8712345678', undefined],
    ['#8712345678', undefined],
    ['87999888777', undefined],
    ['404754734001050102', undefined],
    ['NDE-5503-AL', undefined],
    ['00075F123456', undefined],
    [CODE, undefined],
    ['PUK: 1234', undefined],
  ];
  it.each(cases)('%j is %j', (text, candidate) => {
    expect(pukCandidate(text, r)).toBe(candidate);
  });
});

describe('values the intake reads that it used to miss', () => {
  it.each([
    ['FW 6.51 build 26', '6.51.0026'],
    ['firmware: 6.51 B26', '6.51.0026'],
    ['Firmware 6.51 B 26', '6.51.0026'],
    ['FW V6.51.0026', '6.51.0026'],
    ['NDE-5503-AL 00:07:5F:12:34:56 6.51 build 26', '6.51.0026'],
  ])('reads the firmware %j as %s', (text, firmware) => {
    expect(parseIntake(text, undefined, 'en').fields.firmware).toBe(firmware);
  });

  it('reads a MAC on the same line as the code', () => {
    for (const text of [`${CODE} 00:07:5F:12:34:56`, `Code: ${CODE} 00-07-5f-12-34-56`, `${CODE} MAC 00:07:5F:12:34:56`]) {
      const r = parseIntake(text, undefined, 'en');
      expect(r.challenge?.code, text).toBe(CODE);
      expect(r.fields.mac, text).toBe('00:07:5F:12:34:56');
    }
  });

  it('reads a 32-character answer to "serial number?" as the serial, not as a new code', () => {
    const serial = '40475473400105010240475473400105';
    expect(parseIntake(serial, 'serial', 'en')).toMatchObject({ fields: { serial } });
    expect(parseIntake(serial, 'serial', 'en').challenge).toBeUndefined();
    // Asked for the code, the same value is the code.
    expect(parseIntake(serial, 'challenge', 'en').challenge?.code).toBe(serial);
  });
});

describe('the answers to a question the bot asked one person', () => {
  it('relays a PUK-shaped reply as a message when the agent says "It is a message", and sends nothing', async () => {
    const t = createTestDesk();
    const r = await t.submitted();
    const asked = await t.desk.agentReply(r.id, agent, 'ABCD1234EFGH');
    expect(asked.ok && asked.reply?.actions?.map((a) => a.id)).toEqual(['puk_confirm', 'puk_decline']);
    const heard = await t.desk.answer(r.id, agent, 'puk_decline', 'ABCD1234EFGH');
    expect(heard.reply && plainText(heard.reply)).toContain('no PUK was sent');
    expect(t.outbox.to('requester').at(-1)!.text).toContain('Support asks: ABCD1234EFGH');
    expect((await t.desk.get(r.id))!.puk).toBeUndefined();
    await t.close();
  });

  it('keeps the code on No, and refuses a Yes from anyone but the technician', async () => {
    const t = createTestDesk();
    const r = await t.submitted();
    await t.desk.message(r.id, tech, CODE2);
    expect(t.outbox.kinds('requester').at(-1)).toBe('confirm_code');
    expect((await t.desk.answer(r.id, agent, 'code_confirm', CODE2)).refusal?.code).toBe('not_requester');
    const no = await t.desk.answer(r.id, tech, 'code_keep', undefined);
    expect(no.reply && plainText(no.reply)).toContain('Kept the challenge code');
    expect((await t.desk.get(r.id))!.challenge?.code).toBe(CODE);
    // A forged button value is no code.
    expect((await t.desk.answer(r.id, tech, 'code_confirm', 'not a code')).refusal?.code).toBe('invalid_field');
    await t.close();
  });

  it('reads `cancel` as the request of the conversation, else your only open one, else asks which', async () => {
    const t = createTestDesk();
    const words = (text: string, where: { channel: string; thread?: string; explicit?: boolean }) => ({
      where: { platform: 'slack' as const, ...where },
      by: tech,
      text,
      command: '/camreset',
      open: async () => ({ platform: 'slack' as const, channel: 'CFIELD', thread: '9.9' }),
    });
    const a = await t.start();
    const b = await t.start();
    // `/camreset cancel` in a channel, then `cancel` typed in a request's own thread.
    const elsewhere = await t.desk.hear(words('cancel', { channel: 'CELSEWHERE', explicit: true }));
    expect(elsewhere.reply && plainText(elsewhere.reply)).toContain('You have 2 open requests; say which one to cancel');
    await t.desk.hear(words('cancel', b.conversation));
    expect((await t.desk.get(b.id))!.state).toBe('cancelled');
    const only = await t.desk.hear(words('cancel', { channel: 'CELSEWHERE', explicit: true }));
    expect(only.reply && plainText(only.reply)).toContain(`${a.id} is cancelled`);
    await t.close();
  });
});
