// A change is committed, its messages are not out yet, and the process that owes them dies.
// Each change's notices are stored with it (`pendingNotices`, struck off one by one as they go
// out, with the replica sending them); every replica's sweep (at start, then every second)
// sends those of a replica that is no longer alive (its liveness key lapsed, 2 s) and any
// older than 30 s.
//
//   a. The PUK's DM held at Slack when the process is SIGKILLed, and another request's support
//      card (Submit) held too: a new process on the same Redis sends the DM, the thread's note
//      and the card's "PUK sent by", the other card and its "with support now" — each once.
//      (One restart for both: the wait for the sweep is most of each test's time.)
//   b. Two replicas, no restart: the one holding the DM is SIGKILLed, the other's sweep sends it
//      within 5 s.
//   c. A message still on its way (Slack said "retry after 12 s") is not sent a second time by
//      the sweep.
import { expect } from 'vitest';
import { CODE, DETAILS } from '../support/desk.js';
import {
  AGENT,
  ProcessStory,
  SUPPORT,
  TECH,
  type ProxiedCall,
  type Thread,
  count,
  hasButton,
  FIELD,
  faultKit,
  itWithRedisServer,
  textOf,
} from '../support/faults/bot.js';
import { describeRedis } from '../support/redis.js';
import { SlackFake, type SlackMessage } from '../support/slack/fake.js';

const PUK = 'PUK7X2Q9M4K8';
// Long enough that no timer speaks during a test: only the notices of people's actions go out.
const VALIDITY = '10m';
const WARN_BEFORE = '5m';
/** A dead replica's notices are taken over within seconds; a restarted process starts in a few more. */
const REDELIVERY_WITHIN_MS = 45_000;

const SENT_NOTE = /The PUK has been sent to you in a private message/;
const WITH_SUPPORT = /is with support now/;

describeRedis('undelivered messages of a killed process', () => {
  const kit = faultKit({ validity: VALIDITY, warnBefore: WARN_BEFORE });
  const setup = () => kit.setup();
  const startBot = () => kit.startBot();
  const stored = (id: string) => kit.stored(id);

  const cardsOf = (id: string) => kit.fake.messages(SUPPORT).filter((m) => !m.thread_ts && m.text.startsWith(`${id} `));
  const cardNow = (card: SlackMessage) => kit.fake.messages(card.channel).find((m) => m.ts === card.ts)!;
  const pukDms = () => kit.fake.messages(kit.fake.dmOf(TECH)).filter((m) => textOf(m).includes(PUK));
  const isPukDm = (c: ProxiedCall) =>
    c.method === 'chat.postMessage' && c.args.channel === kit.fake.dmOf(TECH) && SlackFake.textOf(c.args).includes(PUK);

  /** No message said twice in the request's thread, the card's thread and the DM. */
  const nothingTwice = (t: Thread, card?: SlackMessage) => {
    const places: Array<[string, SlackMessage[]]> = [
      ['thread', kit.fake.thread(t.channel, t.thread)],
      ['DM', kit.fake.messages(kit.fake.dmOf(TECH))],
    ];
    if (card) places.push(['card thread', kit.fake.thread(card.channel, card.ts)]);
    for (const [where, messages] of places) {
      const texts = messages.map((m) => JSON.stringify([m.text, m.blocks]));
      expect(new Set(texts).size, `a message twice in the ${where}`).toBe(texts.length);
    }
  };

  /** A request with support, claimed by the agent. */
  const claimed = async (story: ProcessStory) => {
    const t = await story.submitted(TECH, FIELD);
    await story.clickCard(t.card, 'claim', AGENT);
    await story.reply(t, /<@UAGENT1> is working on/);
    await story.cardWhen(t.card, /Handled by <@UAGENT1>/);
    return t;
  };

  /** After the PUK's messages have gone out (by whichever process): each once, nothing left over. */
  const pukDeliveredOnce = async (t: Thread & { card: SlackMessage }) => {
    await kit.fake.quiet(1500);
    const dms = pukDms();
    expect(dms, 'PUK DMs').toHaveLength(1);
    expect(textOf(dms[0]!)).toMatch(/Next steps/);
    expect(hasButton(dms[0]!, 'done'), 'the DM has "Reset worked"').toBe(true);
    expect(count(kit.fake.thread(t.channel, t.thread), SENT_NOTE), '"sent to you in a private message" notes').toBe(1);
    expect(textOf(cardNow(t.card))).toMatch(/PUK sent by <@UAGENT1>/);
    expect(cardsOf(t.id), 'cards').toHaveLength(1);
    nothingTwice(t, t.card);
    const r = await stored(t.id);
    expect(r.state).toBe('puk_delivered');
    expect(r.pendingNotices ?? [], 'undelivered notices').toEqual([]);
    // The PUK is in the thread of nobody but the technician's DM.
    expect(kit.fake.thread(t.channel, t.thread).some((m) => textOf(m).includes(PUK))).toBe(false);
    expect(kit.fake.thread(t.card.channel, t.card.ts).some((m) => textOf(m).includes(PUK))).toBe(false);
  };

  const pukOut = (t: Thread & { card: SlackMessage }) =>
    pukDms().length > 0 && count(kit.fake.thread(t.channel, t.thread), SENT_NOTE) > 0 && /PUK sent by/.test(textOf(cardNow(t.card)));

  itWithRedisServer(
    "SIGKILL while the PUK's DM and another request's support card are on their way: a new process sends each once",
    async () => {
      await setup();
      let bot = await startBot();
      const story = new ProcessStory(kit.fake, () => bot.port);
      // Request 1 claimed, request 2 with its details in, ready to submit.
      const t = await claimed(story);
      const s = await story.begin(TECH, 'CFIELD2');
      await story.say(s, `${CODE}\n${DETAILS}`);
      await story.reply(s, /Everything is here/);

      // Request 2's Submit: the card's post is held (and the support channel's queue behind it).
      const isCard = (c: ProxiedCall) =>
        c.method === 'chat.postMessage' && c.args.channel === SUPPORT && !c.args.thread_ts && SlackFake.textOf(c.args).includes(s.id);
      const heldCard = kit.proxy.hold(isCard);
      await story.click(s, 'submit', TECH);
      await heldCard;
      // Request 1's PUK: the DM is held.
      const heldDm = kit.proxy.hold(isPukDm);
      const sent = await story.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
      expect(sent.status).toBe(200);
      await heldDm;

      const puk = await stored(t.id);
      expect(puk.state).toBe('puk_delivered');
      // The technician's two wait behind the held DM; support's card goes its own way.
      expect(
        puk.pendingNotices?.flatMap((p) => p.notices.map((n) => n.kind)).filter((k) => k !== 'card'),
        "committed with the PUK, the technician's not out",
      ).toEqual(['puk', 'puk_sent_note']);
      expect(JSON.stringify(puk.pendingNotices)).not.toContain(PUK);
      const submit = await stored(s.id);
      expect(submit.state).toBe('awaiting_support');
      expect(submit.supportCard).toBeUndefined();
      expect(
        submit.pendingNotices?.flatMap((p) => p.notices.map((n) => n.kind)).filter((k) => k !== 'submitted'),
        'committed with Submit, the card not out',
      ).toEqual(['card']);
      expect(pukDms()).toHaveLength(0);
      await bot.crash();
      const killedAt = Date.now();

      bot = await startBot();
      await kit.fake.waitFor(
        () => pukOut(t) && cardsOf(s.id).length > 0 && count(story.replies(s), WITH_SUPPORT) > 0,
        "both requests' messages after the restart",
        REDELIVERY_WITHIN_MS,
      );
      console.log(`undelivered: the PUK and the card went out ${Date.now() - killedAt} ms after the SIGKILL (restart)`);

      // The PUK: one DM with next steps, one note, the card says who sent it.
      await pukDeliveredOnce(t);
      expect(kit.proxy.calls.filter(isPukDm), 'DM attempts: the held one and one more').toHaveLength(2);
      // Submit: one card, one "is with support now".
      const card = cardsOf(s.id)[0]!;
      expect(cardsOf(s.id), 'cards').toHaveLength(1);
      expect(kit.proxy.calls.filter(isCard), 'card posts: the held one and one more').toHaveLength(2);
      expect(count(story.replies(s), WITH_SUPPORT), '"is with support now"').toBe(1);
      nothingTwice(s, card);
      const r = await stored(s.id);
      expect(r.pendingNotices ?? []).toEqual([]);
      expect(r.supportCard).toMatchObject({ channel: SUPPORT, message: card.ts });

      // Both work on the new process: "Reset worked" from the DM, a claim on the new card.
      await story.click(t, 'done', TECH, kit.fake.dmOf(TECH));
      await story.reply(t, /is done/);
      await story.clickCard(card, 'claim', AGENT);
      await story.reply(s, /<@UAGENT1> is working on/);
      await story.cardWhen(card, /Handled by <@UAGENT1>/);
    },
    90_000,
  );

  itWithRedisServer(
    "two replicas: the one holding the PUK's DM is SIGKILLed, the other's sweep sends it within 5 s, each message once",
    async () => {
      await setup();
      const [a, b] = await Promise.all([startBot(), startBot()]);
      const story = new ProcessStory(kit.fake, () => a.port);
      const t = await claimed(story);

      const held = kit.proxy.hold(isPukDm);
      await story.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
      await held;
      await a.crash();
      const killedAt = Date.now();

      await kit.fake.waitFor(() => pukOut(t), "the PUK's DM, note and card from the other replica", 50_000);
      const tookMs = Date.now() - killedAt;
      console.log(`undelivered: the PUK went out ${tookMs} ms after the SIGKILL (other replica)`);
      // Its liveness key lapses within 2 s, the other's sweep (every second) confirms a second later.
      expect(tookMs, 'taken over within 5 s of the kill').toBeLessThan(5000);
      expect(b.child.exitCode, 'the other replica is still running').toBeNull();
      await pukDeliveredOnce(t);
      expect(kit.proxy.calls.filter(isPukDm)).toHaveLength(2);
    },
    90_000,
  );

  itWithRedisServer(
    'a message still on its way (Slack: retry after 12 s) is not sent a second time by the sweep',
    async () => {
      await setup();
      const bot = await startBot();
      const story = new ProcessStory(kit.fake, () => bot.port);
      const t = await claimed(story);

      // The DM goes out at once; the thread's note after it is rate-limited and waits 12 s,
      // longer than the sweep's period, so a sweep runs while it waits.
      kit.fake.rateLimitOnce('chat.postMessage', { retryAfter: 12, channel: FIELD });
      const sentAt = Date.now();
      await story.submitForm(t.card, 'send_puk', 'camreset.puk', { puk: PUK });
      await kit.fake.waitFor(() => pukOut(t), "the PUK's DM, note and card", 20_000);
      expect(Date.now() - sentAt, 'the note waited out the rate limit').toBeGreaterThan(11_000);
      await pukDeliveredOnce(t);
    },
    45_000,
  );
});
