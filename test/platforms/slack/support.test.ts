import { afterEach, expect, it } from 'vitest';
import { pdf } from '../../support/files.js';
import { AGENT, AGENT2, STRANGER, SUPPORT, SlackWorld, TECH, describeDrivers, hasButton, textOf } from '../../support/slack/harness.js';
import { messageEvent } from '../../support/slack/requests.js';

const PUK = 'PUK7X2Q9M4K8';

describeDrivers('Slack support card', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const cardNow = (id: string) => w!.fake.messages(SUPPORT).find((m) => !m.thread_ts && m.text.startsWith(`${id} `))!;

  it('lets an agent claim the request: the card says who, the technician hears it', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', AGENT);
    await w.reply(t, /<@UAGENT1> is working on/);
    const card = await w.cardWhen(t, /Handled by <@UAGENT1>/);
    expect(hasButton(card, 'claim')).toBe(false);
    expect(card.updates).toBe(1);
  });

  it("answers a non-agent's click privately and changes nothing", async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.fake.quiet(100);
    const before = w.fake.calls.length;
    await w.clickCard(t.card, 'claim', STRANGER);
    await w.clickCard(t.card, 'send_puk', STRANGER);
    const refusals = await w.ephemeralsFor(STRANGER, 2);
    for (const r of refusals) {
      expect(r.args.channel).toBe(SUPPORT);
      expect(textOf(r.args)).toMatch(/Only support agents can (claim|send the PUK for) CR-/);
    }
    await w.fake.quiet(200);
    const said = w.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.') || c.method.startsWith('views.'));
    expect(said.map((c) => c.method)).toEqual(['chat.postEphemeral', 'chat.postEphemeral']);
    expect((await w.app.desk.get(t.id))!.state).toBe('awaiting_support');
    expect(cardNow(t.id).updates).toBe(0);
  });

  it("refuses a second agent's claim with who holds it", async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', AGENT);
    await w.reply(t, /is working on/);
    await w.clickCard(t.card, 'claim', AGENT2);
    const [r] = await w.ephemeralsFor(AGENT2);
    expect(textOf(r!.args)).toMatch(/is being handled by <@UAGENT1>/);
  });

  it('sends the PUK by DM, notes it in the thread, and shows only "PUK sent by" on the card', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(t.card, 'send_puk', AGENT);
    const view = await w.openedView('camreset.puk', before);
    const bad = await w.slack.submitView({ user: AGENT, view, values: { puk: 'abc' } });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { puk: expect.any(String) } });
    const good = await w.slack.submitView({ user: AGENT, view, values: { puk: PUK } });
    expect(good.status).toBe(200);

    const dm = w.fake.dmOf(TECH);
    const pukMessage = await w.fake.waitFor(() => w!.fake.messages(dm).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
    expect(textOf(pukMessage)).toMatch(/Next steps/);
    expect(hasButton(pukMessage, 'done')).toBe(true);
    expect(hasButton(pukMessage, 'failed')).toBe(true);
    expect(pukMessage.text).not.toContain(PUK);
    await w.reply(t, /PUK has been sent to you in a private message/);
    const card = await w.cardWhen(t, /PUK sent by <@UAGENT1> at <!date\^/);
    expect(textOf(card)).not.toContain(PUK);
    await w.fake.quiet(200);

    // Nothing anyone but the technician can read carries the PUK.
    const exposed = w.fake.calls.filter(
      (c) => JSON.stringify(c.args).includes(PUK) && !(c.method === 'chat.postMessage' && c.args.channel === dm),
    );
    expect(exposed).toEqual([]);
  });

  it('closes the request when the technician says the reset worked', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.app.desk.sendPuk(t.id, { platform: 'slack', id: AGENT }, PUK);
    await w.click(t, 'done', TECH, w.fake.dmOf(TECH));
    await w.reply(t, /is done/);
    const card = await w.cardWhen(t, /confirmed the reset worked/);
    expect(card.blocks.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
  });

  it('re-opens the request for support when the technician says it did not work', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.app.desk.sendPuk(t.id, { platform: 'slack', id: AGENT }, PUK);
    await w.click(t, 'failed', TECH, w.fake.dmOf(TECH));
    await w.reply(w.cardThread(t.card), /reports the reset did not work/);
    const card = await w.cardWhen(t, /waiting for an agent/);
    expect(hasButton(card, 'claim')).toBe(true);
  });

  it("relays an agent's question and the technician's answer both ways, escaped", async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const res = await w.submitForm(t.card, 'ask', 'camreset.ask', { question: 'Is the <b>label</b> readable?' });
    expect(res.status).toBe(200);
    const q = await w.reply(t, /Support asks/);
    expect(textOf(q)).toContain('Is the &lt;b&gt;label&lt;/b&gt; readable?');
    await w.say(t, 'Yes &lt;!channel&gt; see <!channel> and <https://x|y>');
    const relayed = await w.reply(w.cardThread(t.card), /wrote:/);
    expect(textOf(relayed)).toContain('&lt;!channel&gt; see &lt;!channel&gt; and &lt;https://x|y&gt;');
    expect(textOf(relayed)).not.toMatch(/<!channel>|<https:\/\/x\|y>/);
    // The agent who asked handles it now: the answer mentions them, so Slack notifies them.
    expect(textOf(relayed)).toMatch(new RegExp(`^For <@${AGENT}>:`));
    expect((await w.app.desk.get(t.id))!.state).toBe('claimed');
  });

  it("relays a technician's note before anyone claimed the request without mentioning anyone", async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.say(t, 'The camera is on the north mast');
    const relayed = await w.reply(w.cardThread(t.card), /north mast/);
    expect(textOf(relayed)).toMatch(new RegExp(`^<@${TECH}> wrote:`));
    expect(textOf(relayed)).not.toMatch(/For <@/);
  });

  it("takes an agent's reply in the card thread as a question, or, once confirmed privately, as the PUK when it looks like one", async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.slack.event(messageEvent({ user: AGENT, channel: SUPPORT, thread_ts: t.card.ts, text: 'Which site is this?' }));
    await w.reply(t, /Support asks:\* Which site is this\?/);
    await w.say(t, 'Site 4');
    await w.reply(w.cardThread(t.card), /Site 4/);
    await w.pukInThread(t.card, `PUK: ${PUK}`);
    await w.fake.waitFor(() => w!.fake.messages(w!.fake.dmOf(TECH)).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
    expect((await w.app.desk.get(t.id))!.state).toBe('puk_delivered');
  });

  it('tells a non-agent replying in the card thread that only agents can act', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.slack.event(messageEvent({ user: STRANGER, channel: SUPPORT, thread_ts: t.card.ts, text: 'ABCD1234EFGH' }));
    const [r] = await w.ephemeralsFor(STRANGER);
    expect(r!.args.thread_ts).toBe(t.card.ts);
    expect((await w.app.desk.get(t.id))!.state).toBe('awaiting_support');
  });

  it('rejects with a reason the technician reads', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(t.card, 'reject', AGENT);
    const view = await w.openedView('camreset.reject', before);
    const empty = await w.slack.submitView({ user: AGENT, view, values: { reason: '  ' } });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reason: expect.any(String) } });
    await w.slack.submitView({ user: AGENT, view, values: { reason: 'Not a Bosch camera' } });
    await w.reply(t, /declined by support.*Not a Bosch camera/s);
    await w.cardWhen(t, /Rejected by <@UAGENT1>: Not a Bosch camera/);
  });

  it('asks the technician for a document and forwards the upload to the card', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    await w.submitForm(t.card, 'request_document', 'camreset.document', { document: 'invoice', note: 'Bosch asks for it' }, AGENT, [
      'document',
    ]);
    await w.reply(t, /Bosch needs a document:\* .*invoice/s);
    const invoice = pdf();
    await w.say(t, 'here it is', { files: [w.fake.file({ name: 'invoice.pdf', mimetype: 'application/pdf', bytes: invoice })] });
    const relayed = await w.reply(w.cardThread(t.card), /invoice\.pdf/);
    expect(textOf(relayed)).toMatch(/File:\*? invoice\.pdf/);
    await w.cardWhen(t, /Document:\* invoice\.pdf \(in this thread\)/);
    expect(w.fake.uploads.map((u) => [u.channel, u.thread_ts, u.bytes.equals(invoice)])).toEqual([[SUPPORT, t.card.ts, true]]);
  });

  it('records the Bosch ticket number after checking it', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.submitted();
    const before = w.fake.callsTo('views.open').length;
    await w.clickCard(t.card, 'record_ticket', AGENT);
    const view = await w.openedView('camreset.ticket', before);
    const bad = await w.slack.submitView({ user: AGENT, view, values: { ticket: '12345' } });
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose
    expect(bad.json).toMatchObject({ response_action: 'errors', errors: { ticket: expect.any(String) } });
    await w.slack.submitView({ user: AGENT, view, values: { ticket: '#8712345678' } });
    await w.reply(w.cardThread(t.card), /recorded Bosch ticket #8712345678/);
    await w.cardWhen(t, /Bosch ticket:\* #8712345678/);
  });

  it("treats the support channel's members as agents when no user group is set", async () => {
    w = await SlackWorld.start({
      driver,
      env: { SLACK_SUPPORT_USERGROUP: '' },
      fake: (f) => f.channelMembers(SUPPORT, ['UBOT', 'UMEMBER']),
    });
    const t = await w.submitted();
    await w.clickCard(t.card, 'claim', AGENT);
    await w.ephemeralsFor(AGENT);
    await w.clickCard(t.card, 'claim', 'UMEMBER');
    await w.reply(t, /<@UMEMBER> is working on/);
    expect(w.fake.callsTo('conversations.members').length).toBeGreaterThan(0);
    expect(w.fake.callsTo('usergroups.users.list')).toHaveLength(0);
  });
});
