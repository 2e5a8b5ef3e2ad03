// One bot replica as its own process, for the multi-replica tests: the real app on Redis,
// with a surface that counts every delivery in Redis so the test can see all replicas'.
// Env: REDIS_URL, DATA_KEY, CHALLENGE_VALIDITY, WARN_BEFORE, REPLICA_PREFIX.

import { Redis } from 'ioredis';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Notice } from '../../src/core/notices.js';
import type { ResetRequest } from '../../src/core/request.js';
import { createLogger } from '../../src/logger.js';

const prefix = process.env.REPLICA_PREFIX!;
const config = loadConfig();
if (config.redis?.kind !== 'url') throw new Error('a test replica runs on one Redis server: set REDIS_URL');
const counter = new Redis(config.redis.url);
const key = `{${prefix}}:test:deliveries`;

const record = async (request: ResetRequest, notice: Notice) => {
  const label = notice.kind === 'warning' ? notice.label : '';
  await counter.hincrby(key, `${request.id}|${notice.kind}|${notice.audience}|${label}`, 1);
};

const app = await createApp(config, {
  logger: createLogger('warn'),
  prefix,
  platforms: [
    async (ctx) => {
      ctx.router.add({ platform: 'slack', hasSupportChannel: true, toRequester: record, toSupport: record });
      ctx.agents.set('slack', { isAgent: async () => true });
      return { name: 'recording' };
    },
  ],
});
const port = await app.start(0);
process.stdout.write(`ready ${port}\n`);
process.on('SIGTERM', () => {
  void app.stop().then(() => process.exit(0));
});
