// `npm run audit -- --since 7d --format csv|json`: prints every request changed in the period
// with its audit trail. Reads the same environment as the bot (REDIS_URL, REDIS_SENTINELS… or REDIS_CLUSTER_NODES, DATA_KEY and
// DATA_KEY_PREVIOUS); writes nothing. Warnings (a request no key opens) go to stderr.
// An operator's command, so it lives in src/ and is compiled with the bot: it runs as
// `node dist/audit/cli.js` where only production dependencies are installed.

import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { parseDuration } from '../core/deadlines.js';
import { systemClock } from '../core/ports.js';
import { createDrivers } from '../drivers/index.js';
import { auditRecords, toCsv, toJson } from './export.js';
import { createLogger } from '../logger.js';

function exitWithError(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    since: { type: 'string', default: '7d' },
    format: { type: 'string', default: 'csv' },
    prefix: { type: 'string', default: 'camreset' },
  },
  strict: true,
});
const sinceMs = parseDuration(values.since);
if (sinceMs === undefined) exitWithError(`--since: expected a duration like 7d, 24h or 90m (got "${values.since}")`);
if (values.format !== 'csv' && values.format !== 'json') exitWithError(`--format: expected csv or json (got "${values.format}")`);

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) exitWithError(err.message);
  throw err;
}
if (!config.redis)
  exitWithError(
    'The audit trail lives in Redis: set REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES (and DATA_KEY) as for the bot. In-memory state belongs to the running process and cannot be exported.',
  );

const drivers = await createDrivers({
  redis: config.redis,
  dataKey: config.dataKey,
  previousDataKeys: config.previousDataKeys,
  reseal: false,
  prefix: values.prefix,
  clock: systemClock,
  logger: createLogger('warn', process.stderr),
}).catch((err: unknown) => {
  if (err instanceof ConfigError) exitWithError(err.message);
  throw err;
});
try {
  const records = auditRecords(await drivers.store.listAll(), Date.now() - sinceMs);
  process.stdout.write(values.format === 'json' ? toJson(records) : toCsv(records));
  process.stderr.write(`${records.length} request(s) since ${new Date(Date.now() - sinceMs).toISOString()}\n`);
} finally {
  await drivers.close();
}
