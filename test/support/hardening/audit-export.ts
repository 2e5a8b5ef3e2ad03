// `npm run audit` as an operator runs it, against a test's Redis prefix: the export's CSV and
// JSON, so a test can search what leaves the system for words that must not.

import { spawnSync } from 'node:child_process';
import { redisUrl } from '../redis.js';

export interface AuditExport {
  csv: string;
  json: string;
  stderr: string;
}

/** Both formats of the audit export of `prefix`, read with the bot's keys. */
export function auditExport(prefix: string, keys: { DATA_KEY: string; DATA_KEY_PREVIOUS?: string }, since = '1h'): AuditExport {
  const env = { ...process.env, REDIS_URL: redisUrl, ...keys };
  const run = (format: string) => {
    const r = spawnSync('node_modules/.bin/tsx', ['src/audit/cli.ts', '--since', since, '--format', format, '--prefix', prefix], {
      env,
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`npm run audit --format ${format} exited ${r.status}: ${r.stderr}`);
    return r;
  };
  const csv = run('csv');
  const json = run('json');
  return { csv: csv.stdout, json: json.stdout, stderr: csv.stderr + json.stderr };
}
