import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { auditRecords, toCsv } from '../src/audit/export.js';
import { Desk } from '../src/core/desk.js';
import { systemClock } from '../src/core/ports.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { createDrivers } from '../src/drivers/index.js';
import { createLogger } from '../src/logger.js';
import { CODE, DETAILS, agent, createTestDesk, tech } from './support/desk.js';
import { cleanupPrefix, describeRedis, redisUrl, uniquePrefix } from './support/redis.js';

describe('the audit export', () => {
  it('lists who did what and when, one CSV row per step, and never the code or the PUK', async () => {
    const t = createTestDesk();
    const r = await t.submitted();
    await t.desk.sendPuk(r.id, agent, 'PUK1234ABCD');
    await t.desk.done(r.id, tech);
    const csv = toCsv(auditRecords(await t.store.listAll(), 0));
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('request,state,requester,platform,model,serial,bosch_ticket,at,actor,action,detail');
    expect(lines.slice(1).map((l) => l.split(',')[9])).toEqual([
      'started',
      'details_added',
      'submitted',
      'claimed',
      'puk_sent',
      'completed',
    ]);
    expect(csv).not.toContain(CODE);
    expect(csv).not.toContain('PUK1234ABCD');
    await t.close();
  });

  it('records that a note, a question or a reason was given, never the words (they may quote a PUK)', async () => {
    const t = createTestDesk();
    const r = await t.submitted();
    await t.desk.ask(r.id, agent, 'Did PUK QQ11WW22EE33 work?');
    await t.desk.sendPuk(r.id, agent, 'PUK1234ABCD');
    await t.desk.failed(r.id, tech, 'It did not work: PUK ABCD7788XYZ rejected');
    await t.desk.reject(r.id, agent, 'PUK ZZ99YY88XX77 is for another camera');
    const records = auditRecords(await t.store.listAll(), 0);
    expect(records[0]!.trail.find((e) => e.action === 'reset_failed')).toMatchObject({ detail: 'note' });
    for (const out of [toCsv(records), JSON.stringify(records)])
      for (const words of ['QQ11WW22EE33', 'ABCD7788XYZ', 'ZZ99YY88XX77', 'PUK1234ABCD']) expect(out).not.toContain(words);
    expect(records[0]!.trail.map((e) => e.action)).toEqual(expect.arrayContaining(['asked', 'puk_sent', 'reset_failed', 'rejected']));
    await t.close();
  });

  it('defuses spreadsheet formulas and quotes commas in user-typed details', async () => {
    const t = createTestDesk();
    const r = await t.start(tech, CODE);
    await t.desk.failed(r.id, tech, 'x'); // refused, no row
    await t.desk.submit(r.id, tech);
    const records = auditRecords(await t.store.listAll(), 0);
    records[0]!.trail.push({
      at: '2026-11-26T14:00:00.000Z',
      actor: 'slack:U1',
      action: 'reset_failed',
      detail: '=HYPERLINK("http://x","y"), b',
    });
    const csv = toCsv(records);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y""), b"`);
    await t.close();
  });
});

describeRedis('npm run audit against Redis', () => {
  const prefix = uniquePrefix('audit');
  const dataKey = randomBytes(32).toString('base64');
  afterAll(() => cleanupPrefix(prefix));

  it('prints every request of the period with its trail, as CSV and as JSON', async () => {
    const drivers = await createDrivers({ redisUrl, prefix, dataKey, clock: systemClock, logger: createLogger('silent') });
    const desk = new Desk({
      ...drivers,
      clock: systemClock,
      outbox: { deliver: async () => {} },
      agents: { isAgent: async () => true },
      settings: DEFAULT_SETTINGS,
    });
    const started = await desk.start({
      requester: tech,
      open: async () => ({ platform: 'slack', channel: 'C1', thread: '1.2' }),
      text: `${CODE}\n${DETAILS}`,
    });
    if (!started.ok) throw new Error('start refused');
    await desk.submit(started.request.id, tech);
    await desk.reject(started.request.id, agent, 'Not our device');
    await drivers.close();

    const env = { ...process.env, REDIS_URL: redisUrl, DATA_KEY: dataKey };
    const csv = spawnSync('node_modules/.bin/tsx', ['src/audit/cli.ts', '--since', '1h', '--format', 'csv', '--prefix', prefix], {
      env,
      encoding: 'utf8',
    });
    expect(csv.status).toBe(0);
    expect(csv.stdout).toMatch(new RegExp(`${started.request.id},rejected,slack:UTECH1,slack,NDE-5503-AL,.*,slack:UAGENT1,rejected`));
    expect(csv.stdout).not.toContain(CODE);
    const json = spawnSync('node_modules/.bin/tsx', ['src/audit/cli.ts', '--since', '7d', '--format', 'json', '--prefix', prefix], {
      env,
      encoding: 'utf8',
    });
    const records = JSON.parse(json.stdout) as Array<{ trail: Array<{ action: string }> }>;
    expect(records).toHaveLength(1);
    expect(records[0]!.trail.map((e) => e.action)).toEqual(['started', 'details_added', 'submitted', 'rejected']);
    const bad = spawnSync('node_modules/.bin/tsx', ['src/audit/cli.ts', '--format', 'xml'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format: expected csv or json/);
  });
});
