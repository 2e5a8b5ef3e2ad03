// HOST, the address the HTTP server listens on, and the one setting it must not meet:
// PLAYGROUND=on keeps the playground to this machine, which a HOST beyond loopback contradicts.

import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/app.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';

let app: App | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('HOST', () => {
  it('is the address the server listens on; unset, every interface as before', async () => {
    app = await createApp(loadConfig({ HOST: '127.0.0.1', PLAYGROUND: 'off' }), { logger: createLogger('silent'), platforms: [] });
    await app.start(0);
    expect((app.http.server.address() as AddressInfo).address).toBe('127.0.0.1');
    await app.stop();
    app = await createApp(loadConfig({ PLAYGROUND: 'off' }), { logger: createLogger('silent'), platforms: [] });
    await app.start(0);
    expect(['::', '0.0.0.0']).toContain((app.http.server.address() as AddressInfo).address);
  });

  it.each([
    // HOST, PLAYGROUND, the start's problems
    [
      '0.0.0.0',
      'on',
      [
        'HOST: PLAYGROUND=on keeps the playground to this machine, but HOST=0.0.0.0 listens beyond it: set HOST=127.0.0.1 (or ::1), or unset PLAYGROUND',
      ],
    ],
    [
      '::',
      'on',
      [
        'HOST: PLAYGROUND=on keeps the playground to this machine, but HOST=:: listens beyond it: set HOST=127.0.0.1 (or ::1), or unset PLAYGROUND',
      ],
    ],
    [
      '10.0.0.5',
      'on',
      [
        'HOST: PLAYGROUND=on keeps the playground to this machine, but HOST=10.0.0.5 listens beyond it: set HOST=127.0.0.1 (or ::1), or unset PLAYGROUND',
      ],
    ],
    [
      'bot.example.com',
      'on',
      [
        'HOST: PLAYGROUND=on keeps the playground to this machine, but HOST=bot.example.com listens beyond it: set HOST=127.0.0.1 (or ::1), or unset PLAYGROUND',
      ],
    ],
    ['127.0.0.1', 'on', []],
    ['::1', 'on', []],
    ['localhost', 'on', []],
    ['0.0.0.0', 'off', []],
    ['0.0.0.0', '', []],
    ['http://0.0.0.0', '', ['HOST: expected an address to listen on, like 127.0.0.1, ::1, 0.0.0.0 or localhost']],
  ])('HOST=%s with PLAYGROUND=%s: %j', (host, playground, problems) => {
    expect(problemsOf({ HOST: host, ...(playground ? { PLAYGROUND: playground } : {}) })).toEqual(problems);
  });
});
