// The process as an operator starts it, from the sources: src/main.ts through tsx, as `npm run
// dev` does (here node with tsx's loader, so the test holds the real process and can stop it).
// The compiled bot `npm start` runs is started in test/build/compiled.test.ts.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

function run(
  env: Record<string, string>,
  untilLog?: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string; kill: () => void }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const kill = () => child.kill('SIGTERM');
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (untilLog && untilLog.test(stdout)) resolve({ code: null, stdout, stderr, kill });
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr, kill }));
  });
}

describe('starting the process', () => {
  it('stops with one message naming both bad variables', async () => {
    const r = await run({ CHALLENGE_VALIDITY: 'abc', REDIS_URL: 'notaurl' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/CHALLENGE_VALIDITY/);
    expect(r.stderr).toMatch(/REDIS_URL/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('runs with no environment: answers /healthz, says state is in memory and how to enable Slack and Teams', async () => {
    const r = await run({ PORT: '0' }, /listening on http:\/\/localhost:(\d+)/);
    try {
      const port = /listening on http:\/\/localhost:(\d+)/.exec(r.stdout)![1];
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      await new Promise((res) => setTimeout(res, 300));
      expect(r.stdout).toMatch(/STATE IS IN MEMORY ONLY/);
      expect(r.stdout).toMatch(/SLACK_BOT_TOKEN/);
      expect(r.stdout).toMatch(/MicrosoftAppId/);
    } finally {
      r.kill();
    }
  });
});
