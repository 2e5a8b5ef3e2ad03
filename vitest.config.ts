import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Suites that spend their time waiting (on bot processes, Redis failovers, Slack's one-post-a-second
 * pace, Socket Mode reconnects), not on the CPU: each used a tenth to two fifths of a core when
 * measured alone. In this order (seconds in a full run on a loaded 2-core machine): the longest
 * first, beside three that run in-process and use the least CPU, since its flow races warnings due
 * seconds after the code; then longest first, so none starts last and lengthens the tail. A new
 * suite of that kind belongs here; anything else runs with the rest.
 */
const WAITING = [
  'test/faults/restarts.test.ts', // 66
  'test/platforms/slack/socket-mode.test.ts', // 38
  'test/platforms/slack/socket-mode-redis.test.ts', // 36
  'test/platforms/slack/rate-limits.test.ts', // 36
  'test/faults/undelivered.test.ts', // 60
  'test/faults/redis-sentinel.test.ts', // 59
  'test/platforms/slack/burst.test.ts', // 49
  'test/faults/redis-cluster.test.ts', // 47
  'test/faults/graceful-stop.test.ts', // 37
  'test/faults/replicas.test.ts', // 37
  'test/faults/redis-outage.test.ts', // 33
  'test/platforms/slack/timers.test.ts', // 23
  'test/faults/redis-aof.test.ts', // 17
];

/** Vitest's order (by size on a fresh clone, with no timings cached), with the waiting suites in WAITING's order. */
class WaitingFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = WAITING.findIndex((w) => f.moduleId.endsWith(`/${w}`));
      return i === -1 ? WAITING.length : i;
    };
    // Stable: files outside WAITING keep the order Vitest gave them.
    return sorted
      .map((f, i) => ({ f, i }))
      .sort((a, b) => a.f.project.config.sequence.groupOrder - b.f.project.config.sequence.groupOrder || rank(a.f) - rank(b.f) || a.i - b.i)
      .map(({ f }) => f);
  }
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
    sequence: { sequencer: WaitingFirst },
    projects: [
      {
        extends: true,
        // Four at a time: so they kept 0.7 of the 2 cores busy (113 CPU-s in 163 s), and took
        // 151-163 s where two at a time they took about half the run.
        test: { name: 'waiting', include: WAITING, maxWorkers: 4, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        // The rest use the CPU: two at a time on 2 cores. Not isolated: each worker imports the app
        // (Bolt, botbuilder, ...) once rather than once per file, which took more CPU than most of
        // these tests do. Every test builds its own world; spies and fake timers are restored.
        test: {
          name: 'rest',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...WAITING],
          maxWorkers: 2,
          isolate: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
