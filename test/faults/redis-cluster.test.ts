// Redis Cluster, on three primaries of the test's own (cluster-enabled yes, redis-cli --cluster
// create; settings in test/support/faults/topology.ts): the start refuses nodes that are not a
// cluster, and two bot processes run the whole flow on it, warnings included, one of them
// SIGKILLed halfway. Every key, BullMQ's too, sits in one slot of one node.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { CODE, DETAILS } from '../support/desk.js';
import {
  AGENT,
  BotProcess,
  ProcessStory,
  RedisServer,
  TECH,
  count,
  faultKit,
  freePort,
  itWithRedisServer,
  textOf,
} from '../support/faults/bot.js';
import { ClusterTopology, RedisProcess } from '../support/faults/topology.js';

const PUK = 'PUK7X2Q9M4K8';
// Warnings 5 s and 15 s after the code arrives; the code expires after 45 s.
const VALIDITY = '45s';
const WARN_BEFORE = '40s,30s';
const HEADS_UP = /Heads up: the challenge code of CR-\w+ expires in/;
const SUPPORT_WARNING = /the challenge expires in/;

describe('Redis Cluster', () => {
  const kit = faultKit({ validity: VALIDITY, warnBefore: WARN_BEFORE, topology: () => ClusterTopology.start() });
  const cluster = () => kit.topology as ClusterTopology;
  const extra: Array<{ stop(): Promise<void> }> = [];
  afterAll(async () => {
    for (const x of extra) await x.stop();
  });

  itWithRedisServer(
    'nodes that are not a cluster, a cluster with no slots, or nodes nobody answers on stop the start with one message naming the variable',
    async () => {
      await kit.setup();
      const single = await RedisServer.start();
      extra.push(single);
      const dir = mkdtempSync(join(tmpdir(), 'camreset-lonely-'));
      const lonelyPort = await freePort();
      const lonely = new RedisProcess(lonelyPort, dir, [
        '--port',
        String(lonelyPort),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--cluster-enabled',
        'yes',
        '--save',
        '',
      ]);
      await lonely.start();
      extra.push({
        stop: async () => {
          await lonely.kill();
          rmSync(dir, { recursive: true, force: true });
        },
      });
      const nobodyPort = await freePort();
      const refused = async (nodes: string) => {
        const err = await BotProcess.start({ ...kit.env(), REDIS_CLUSTER_NODES: nodes }).then(
          (bot) => (bot.kill('SIGKILL'), new Error('the bot started')),
          (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
        );
        return err.message.split('\n').filter((l) => l.startsWith('  - '));
      };
      const [notCluster, noSlots, nobody, bot] = await Promise.all([
        refused(`127.0.0.1:${single.port}`),
        refused(`127.0.0.1:${lonelyPort}`),
        refused(`127.0.0.1:${nobodyPort}`),
        BotProcess.start(kit.env()),
      ]);
      expect(notCluster).toEqual([
        `  - REDIS_CLUSTER_NODES: 127.0.0.1:${single.port} is not a cluster node (cluster-enabled is off there): list the nodes of a Redis Cluster, or give a single server as REDIS_URL`,
      ]);
      expect(noSlots).toEqual([
        expect.stringMatching(
          new RegExp(`^  - REDIS_CLUSTER_NODES: 127.0.0.1:${lonelyPort} is cluster-enabled but belongs to no cluster serving slots`),
        ),
      ]);
      expect(nobody).toEqual([
        expect.stringMatching(new RegExp(`^  - REDIS_CLUSTER_NODES: none of 127.0.0.1:${nobodyPort} answered within 10 s`)),
      ]);
      expect(bot.output).toMatch(/"topology":"cluster"/);
      await bot.crash();
    },
    90_000,
  );

  itWithRedisServer(
    'two bot replicas run the whole flow with its warnings; one SIGKILLed halfway, the other finishes it: nothing lost, nothing twice',
    async () => {
      await kit.setup();
      const [a, b] = await Promise.all([kit.startBot(), kit.startBot()]);
      let alive = a;
      const story = new ProcessStory(kit.fake, () => alive.port);
      const dm = kit.fake.dmOf(TECH);
      const cardThread = (card: { channel: string; ts: string }) => ({ channel: card.channel, thread: card.ts });

      const t = await story.begin();
      await story.say(t, CODE);
      await story.reply(t, /Got the challenge code/);
      await story.say(t, DETAILS);
      await story.reply(t, /Everything is here/);
      await story.click(t, 'submit', TECH);
      const card = await story.cardOf(t.id);
      await story.reply(t, /is with support now/);
      await story.clickCard(card, 'claim', AGENT);
      await story.reply(t, /<@UAGENT1> is working on/);
      // A second request, so both processes have timers to run.
      const other = await story.submitted(TECH, 'CFIELD2');

      // The first warning (5 s after the code) reaches both readers; then one replica dies.
      await kit.fake.waitFor(
        () => count(story.replies(t), HEADS_UP) >= 1 && count(story.replies(cardThread(card)), SUPPORT_WARNING) >= 1,
        'the first warning',
        15_000,
      );
      await a.crash();
      alive = b;

      const sent = await story.submitForm(card, 'send_puk', 'camreset.puk', { puk: PUK });
      expect(sent.status).toBe(200);
      await kit.fake.waitFor(() => kit.fake.messages(dm).find((m) => textOf(m).includes(PUK)), 'the PUK DM');
      await story.reply(t, /PUK has been sent to you in a private message/);
      // The other request's second warning (15 s after its code) comes from the survivor.
      await kit.fake.waitFor(
        () => count(story.replies(other), HEADS_UP) === 2 && count(story.replies(cardThread(other.card)), SUPPORT_WARNING) === 2,
        "the other request's warnings",
        35_000,
      );
      const pukMessage = kit.fake.messages(dm).find((m) => textOf(m).includes(PUK))!;
      await story.click(t, 'done', TECH, dm);
      await story.reply(t, /is done/);
      await kit.fake.quiet(1500);

      const done = await kit.stored(t.id);
      expect(done.state).toBe('completed');
      const warned = done.audit.filter((x) => x.action === 'warned').map((x) => x.detail);
      expect(new Set(warned).size, 'each warning once').toBe(warned.length);
      expect(count(story.replies(t), HEADS_UP)).toBe(warned.length);
      expect(count(story.replies(cardThread(card)), SUPPORT_WARNING)).toBe(warned.length);
      expect(kit.fake.messages(dm).filter((m) => textOf(m).includes(PUK))).toEqual([pukMessage]);
      const r2 = await kit.stored(other.id);
      expect(r2.audit.filter((x) => x.action === 'warned').map((x) => x.detail)).toEqual(['40s', '30s']);
      expect(count(story.replies(other), HEADS_UP)).toBe(2);
      expect(count(story.replies(cardThread(other.card)), SUPPORT_WARNING)).toBe(2);
      expect(r2.pendingNotices ?? []).toEqual([]);

      // A walk over every stored request (the audit export's) sees both, on a Cluster too.
      expect((await (await kit.store()).listAll()).map((r) => r.id).sort()).toEqual([t.id, other.id].sort());
      // Every key, requests and BullMQ's timers alike, is on one node: one hash tag, one slot.
      const perNode = cluster().nodes.map((n) => Number(n.cli('dbsize').trim()));
      expect(
        perNode.filter((n) => n > 0),
        `keys per node ${perNode.join(', ')}`,
      ).toHaveLength(1);
      const holder = cluster().nodes[perNode.findIndex((n) => n > 0)]!;
      expect(holder.cli('--scan', '--pattern', '{camreset}:timers:*').trim()).not.toBe('');
      console.log(
        `redis-cluster: whole flow on 3 primaries with 2 bot replicas, one SIGKILLed after the first warning; warnings ${warned.join(', ')} and 2 of 2 on the other request, each once; ${perNode.join('/')} keys per node`,
      );
    },
    110_000,
  );
});
