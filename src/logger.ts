// pino, with secrets kept out: known secret fields are redacted by path, and any string that
// looks like a challenge code or a Slack token is masked wherever it appears in a log line.

import { pino, type Logger } from 'pino';

const SECRET_PATHS = [
  'puk',
  '*.puk',
  'code',
  '*.code',
  'challenge.code',
  '*.challenge.code',
  'token',
  '*.token',
  'password',
  '*.password',
  'dataKey',
  '*.dataKey',
  'headers.authorization',
  'req.headers.authorization',
  'headers["x-slack-signature"]',
];

// A challenge code is 32 letters and digits; Slack tokens start with xox?- or xapp-.
const SECRET_TEXT = /\b(?:[A-Za-z0-9]{32}|xox[abpre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)\b/g;

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(SECRET_TEXT, '[redacted]');
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) return { type: value.name, message: scrub(value.message, depth + 1) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrub(v, depth + 1);
  return out;
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    redact: { paths: SECRET_PATHS, censor: '[redacted]' },
    formatters: { log: (obj: Record<string, unknown>) => scrub(obj) as Record<string, unknown> },
    hooks: {
      // Messages are scrubbed too: an error text may carry a code.
      logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrub(a) : a)),
        );
      },
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}

export type { Logger };
