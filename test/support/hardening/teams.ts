// The Teams harness of test/support/teams, started with a logger that writes into an array (so
// a test can read every log line at LOG_LEVEL=trace) and optionally on Redis. Same fake Bot
// Connector, same activities, same story helpers: the result is a TeamsHarness.

import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logger.js';
import { startTeams, type TeamsHarness } from '../teams/harness.js';

export interface LoggedTeams extends TeamsHarness {
  logs: string[];
}

export async function startTeamsLogged(
  options: { env?: Record<string, string>; prefix?: string; logLevel?: string; install?: boolean } = {},
): Promise<LoggedTeams> {
  const logs: string[] = [];
  const logger = createLogger(
    options.logLevel ?? 'silent',
    new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  );
  const { logLevel: _level, ...rest } = options;
  return Object.assign(await startTeams({ ...rest, logger }), { logs });
}
