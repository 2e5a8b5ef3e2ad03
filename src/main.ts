// Process entry point: read the configuration, start the app, say plainly what is running
// and what is not, and shut down gracefully on SIGTERM/SIGINT.

import { ConfigError, loadConfig } from './config.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';
import { errorText } from './core/error-text.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  // A Sentinel or Cluster setting that cannot work is found only by asking (createDrivers).
  const app = await createApp(config, { logger }).catch((err: unknown) => {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
  const port = await app.start();
  // Unset HOST is every interface, localhost among them.
  const host = !config.host ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  logger.info(
    { port, host: config.host ?? 'every interface' },
    `camreset listening on http://${host}:${port} (GET /healthz, /readyz${app.metricsHttp ? '' : ', /metrics'})`,
  );
  if (app.metricsHttp) logger.info({ metricsPort: app.metricsPort }, `metrics on http://${host}:${app.metricsPort}/metrics (METRICS_PORT)`);
  if (!app.durable) {
    logger.warn(
      'STATE IS IN MEMORY ONLY: open requests and their timers are lost when this process stops. Set REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES (and DATA_KEY) for durable state.',
    );
  }
  if (!config.slack)
    logger.info(
      'Slack is off: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) and SLACK_SUPPORT_CHANNEL to enable it.',
    );
  else logger.info({ mode: config.slack.appToken ? 'socket' : 'http' }, 'Slack is on');
  // Teams logs its own mode (signed, local or off) as it starts: src/platforms/teams/index.ts.

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight work');
    // In-flight work (a burst of commands, each a first-time profile lookup and two paced posts)
    // can take well over 15 s on a starved CPU; 25 s still ends before Kubernetes' default 30 s.
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    try {
      await app.stop();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

main().catch((err: unknown) => {
  process.stderr.write(`camreset failed to start: ${errorText(err)}\n`);
  process.exit(1);
});
