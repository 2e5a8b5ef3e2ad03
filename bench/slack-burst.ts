// A burst against Slack's posting limit (issue "Production hardening", Rate limits): 100
// technicians, each in their own channel, each start a request, paste the code and details in
// its thread and submit, all within about 10 seconds, while the fake Web API enforces one
// chat.postMessage per second per channel (429 + Retry-After: 1 beyond that). Every support card
// must arrive, once, in submission order, and nothing anywhere may be posted twice. Prints how
// long the support channel's backlog took to drain and how many 429s the app received and
// honoured (no post to a channel before its Retry-After ran out).
//
// Run: npm run bench:slack-burst   (BENCH_TECHS=100, BENCH_SPREAD_MS=4000: when the starts happen)

import { CODE, DETAILS } from '../test/support/desk.js';
import { SlackFake } from '../test/support/slack/fake.js';
import { SlackSender, messageEvent } from '../test/support/slack/requests.js';
import { fmt, sleep, summarize } from './support/load.js';
import { SIGNING_SECRET, SUPPORT, startCamreset, startFake } from './support/slack.js';

const TECHS = Number(process.env.BENCH_TECHS ?? 100);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 4000);
const BURST_WINDOW_MS = 10_000;
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_MS ?? 240_000);
const STEP_TIMEOUT_MS = 60_000;

const fake = await startFake();
fake.limitPostsPerChannel({ perSecond: 1, burst: 1, retryAfter: 1 });
const camreset = await startCamreset(fake);
const slack = new SlackSender({ endpoint: camreset.url, signingSecret: SIGNING_SECRET, fake });

const text = (m: { text?: string; blocks?: unknown }) => SlackFake.textOf({ text: m.text, blocks: m.blocks });

async function poll<T>(probe: () => T | undefined, what: string, timeoutMs = STEP_TIMEOUT_MS): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

interface Tech {
  n: number;
  user: string;
  channel: string;
  id?: string;
  thread?: string;
  startedAt?: number;
  /** When the Submit click was sent, and when its ack came back. */
  clickedAt?: number;
  submittedAt?: number;
  /** When the app recorded the submission (its audit trail). */
  recordedAt?: number;
  error?: string;
}

const reply = (t: Tech, pattern: RegExp) =>
  poll(() => fake.thread(t.channel, t.thread!).find((m) => pattern.test(text(m))), `${pattern} in ${t.channel}`);

/** One technician: /camreset, paste code + details in the thread, Submit. */
async function technician(t: Tech): Promise<void> {
  t.startedAt = Date.now();
  const res = await slack.command({ user: t.user, channel: t.channel });
  if (res.status !== 200) throw new Error(`/camreset answered ${res.status}`);
  const parent = await poll(
    () => fake.messages(t.channel).find((m) => !m.thread_ts && /Camera password reset CR-/.test(m.text)),
    `the thread parent in ${t.channel}`,
  );
  t.id = /CR-[0-9A-Z]{4}/.exec(parent.text)![0];
  t.thread = parent.ts;
  await reply(t, /Password reset CR-.* started/);
  await slack.event(messageEvent({ user: t.user, channel: t.channel, thread_ts: t.thread, text: `${CODE}\n${DETAILS}` }));
  const summary = await reply(t, /Everything is here/);
  if (!JSON.stringify(summary.blocks).includes('"camreset.submit"')) throw new Error('the summary has no Submit button');
  t.clickedAt = Date.now();
  const click = await slack.click({
    user: t.user,
    actionId: 'camreset.submit',
    value: t.id,
    channel: t.channel,
    messageTs: summary.ts,
    threadTs: t.thread,
  });
  if (click.status !== 200) throw new Error(`Submit answered ${click.status}`);
  t.submittedAt = Date.now();
}

const techs: Tech[] = Array.from({ length: TECHS }, (_, i) => {
  const n = String(i + 1).padStart(3, '0');
  return { n: i + 1, user: `UTECH${n}`, channel: `CSITE${n}` };
});

const t0 = Date.now();
await Promise.all(
  techs.map(async (t, i) => {
    await sleep((i * SPREAD_MS) / TECHS);
    try {
      await technician(t);
    } catch (err) {
      t.error = err instanceof Error ? err.message : String(err);
    }
  }),
);
const submitted = techs.filter((t) => t.submittedAt).sort((a, b) => a.submittedAt! - b.submittedAt!);
const firstSubmit = submitted[0]?.submittedAt ?? NaN;
const lastSubmit = submitted.at(-1)?.submittedAt ?? NaN;

// The support channel's backlog: wait for a card per submitted request (or the timeout).
const cardsOf = () => fake.messages(SUPPORT).filter((m) => !m.thread_ts && /^CR-[0-9A-Z]{4} /.test(m.text));
let timedOut = false;
try {
  await poll(() => (cardsOf().length >= submitted.length ? true : undefined), `${submitted.length} cards`, DRAIN_TIMEOUT_MS);
} catch {
  timedOut = true;
}
// Anything late (a duplicate) would show up now.
await sleep(1500);
const cards = cardsOf();
const cardIds = cards.map((m) => /^CR-[0-9A-Z]{4}/.exec(m.text)![0]);
const submittedIds = submitted.map((t) => t.id!);
const delivered = new Set(cardIds);
const lost = submittedIds.filter((id) => !delivered.has(id));
const duplicates = cardIds.length - delivered.size;

// Order. Submission order is the order in which the app recorded the submissions (audit trail,
// ms); submissions recorded in the same millisecond have no order between them. As a check from
// Slack's side too: A's Submit was acked before B's was sent, so A's card must come first.
for (const t of submitted) t.recordedAt = (await camreset.app.desk.get(t.id!))?.audit.find((a) => a.action === 'submitted')?.at;
const byId = new Map(submitted.map((t) => [t.id!, t]));
const cardTechs = cardIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
let outOfOrder = 0;
const inversions: string[] = [];
let clientInversions = 0;
for (let i = 0; i < cardTechs.length; i++) {
  const b = cardTechs[i]!;
  for (let j = 0; j < i; j++) {
    const a = cardTechs[j]!; // a's card came first
    if (b.recordedAt! < a.recordedAt!) {
      outOfOrder++;
      if (inversions.length < 3) inversions.push(`${b.id} (recorded ${a.recordedAt! - b.recordedAt!} ms before ${a.id}) posted after it`);
    }
    if (b.submittedAt! < a.clickedAt!) clientInversions++;
  }
}
const sameMs = cardTechs.length - new Set(cardTechs.map((t) => t.recordedAt)).size;

// When each card went out: the fake's successful chat.postMessage calls with the card.
const cardCalls = fake
  .callsTo('chat.postMessage')
  .filter(
    (c) =>
      c.args.channel === SUPPORT &&
      c.response.ok &&
      !c.args.thread_ts &&
      typeof c.args.text === 'string' &&
      /^CR-[0-9A-Z]{4} /.test(c.args.text),
  );
const lastCardAt = cardCalls.at(-1)?.at ?? NaN;
const delays = submitted
  .map((t) => {
    const call = cardCalls.find((c) => String(c.args.text).startsWith(`${t.id} `));
    return call ? call.at - t.submittedAt! : NaN;
  })
  .filter((x) => !Number.isNaN(x));
const delay = summarize(delays);

// 429s: how many, where, and whether the app waited out Retry-After before posting there again.
const posts = fake.callsTo('chat.postMessage');
const limited = posts.filter((c) => c.status === 429);
let early = 0;
for (const c of limited) {
  const next = posts.find((p) => p.at > c.at && p.args.channel === c.args.channel && p !== c);
  if (next && next.at < c.at + 1000) early++;
}
const limitedSupport = limited.filter((c) => c.args.channel === SUPPORT).length;
// Thread confirmations to the technicians ("... is with support now").
const confirmed = techs.filter((t) => t.thread && fake.thread(t.channel, t.thread).some((m) => /is with support now/.test(text(m)))).length;
const unavailable = fake.calls.filter(
  (c) => (c.method === 'chat.postEphemeral' || c.method === 'response_url') && /temporarily unavailable/.test(SlackFake.textOf(c.args)),
).length;
const failedTechs = techs.filter((t) => t.error);
// Nothing posted twice anywhere, not only the cards: the same words in the same thread twice.
const twice = fake.postedTwice();
const postedTwice = twice.length;
const twiceKinds = [...new Set(twice.map((m) => m.text.replace(/CR-[0-9A-Z]{4}/g, 'CR-…').slice(0, 40)))];
const cardUpdates = fake.callsTo('chat.update').filter((c) => c.args.channel === SUPPORT).length;

console.log(
  `Slack burst: ${TECHS} technicians (one channel each), start + paste + submit; fake limits chat.postMessage to 1/s per channel (429, Retry-After: 1) (Node ${process.version})`,
);
console.log(
  `submissions: ${submitted.length}/${TECHS}; starts spread over ${fmt(SPREAD_MS)}; first start -> last submit ${fmt(lastSubmit - t0)} (target within ${BURST_WINDOW_MS / 1000} s: ${lastSubmit - t0 <= BURST_WINDOW_MS ? 'yes' : 'NO'}); first -> last submit ${fmt(lastSubmit - firstSubmit)}`,
);
if (failedTechs.length)
  console.log(
    `technicians who could not finish: ${failedTechs.length}: ${[...new Set(failedTechs.map((t) => t.error))].slice(0, 3).join(' | ')}`,
  );
console.log(
  `support cards delivered: ${delivered.size}/${submitted.length}; lost: ${lost.length}${lost.length ? ` (${lost.slice(0, 5).join(', ')})` : ''}; duplicates: ${duplicates}${timedOut ? ` (gave up after ${DRAIN_TIMEOUT_MS / 1000} s)` : ''}`,
);
console.log(
  `order: ${outOfOrder === 0 ? 'cards in submission order' : `${outOfOrder} pair(s) of cards out of submission order`}${inversions.length ? `: ${inversions.join('; ')}` : ''} (${sameMs} submissions shared a millisecond with another); against Slack's view (Submit acked before the other was sent): ${clientInversions} inversions`,
);
console.log(
  `backlog: first submit -> last card posted ${fmt(lastCardAt - firstSubmit)} (${(cards.length / ((lastCardAt - firstSubmit) / 1000)).toFixed(2)} cards/s); submit -> card p50 ${fmt(delay.p50)}, max ${fmt(delay.max)}`,
);
console.log(
  `429s received: ${limited.length} (${limitedSupport} in the support channel, ${limited.length - limitedSupport} in technicians' channels); honoured (no post to that channel within Retry-After): ${limited.length - early}/${limited.length}`,
);
console.log(
  `technicians told "is with support now": ${confirmed}/${submitted.length}; "temporarily unavailable" answers: ${unavailable}; malformed calls: ${fake.malformed().length}; total run ${fmt(Date.now() - t0)}`,
);
console.log(
  `messages posted twice (same text, same thread), anywhere: ${postedTwice}${
    twiceKinds.length
      ? ` (${twiceKinds
          .slice(0, 3)
          .map((k) => `"${k}"`)
          .join(', ')})`
      : ''
  }; card updates (chat.update, nothing in the run changes a card): ${cardUpdates}`,
);
const pass =
  submitted.length === TECHS &&
  lost.length === 0 &&
  duplicates === 0 &&
  postedTwice === 0 &&
  outOfOrder === 0 &&
  clientInversions === 0 &&
  early === 0;
console.log(`result: ${pass ? 'PASS' : 'FAIL'} (every card delivered once, in order, nothing posted twice, every 429 honoured)`);

await camreset.app.stop();
await fake.close();
process.exitCode = pass ? 0 : 1;
