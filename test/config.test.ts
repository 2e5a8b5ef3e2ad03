import { describe, expect, it } from 'vitest';
import { ConfigError, KNOWN_VARIABLES, NEAR_MISS_MIN_LENGTH, loadConfig, nearMisses } from '../src/config.js';
import { batchMax } from '../src/core/settings.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration', () => {
  it('runs with no environment at all: in-memory state, 60-minute window, warnings at 15 and 5 minutes, idle requests closed after 24 hours', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.redis).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(c.settings).toEqual({ validityMs: 3_600_000, warnBeforeMs: [900_000, 300_000], idleCloseMs: 86_400_000, supportLanguage: 'en' });
  });

  describe('SUPPORT_LANGUAGE: the language of the support card and its thread', () => {
    it('is English unless set, and any of the six when set', () => {
      expect(loadConfig({}).settings.supportLanguage).toBe('en');
      expect(loadConfig({ SUPPORT_LANGUAGE: '' }).settings.supportLanguage).toBe('en');
      for (const l of ['en', 'de', 'fr', 'es', 'it', 'nl']) expect(loadConfig({ SUPPORT_LANGUAGE: l }).settings.supportLanguage).toBe(l);
    });

    it('reads a regional tag as its language, whatever its case or separator', () => {
      expect(loadConfig({ SUPPORT_LANGUAGE: 'de-CH' }).settings.supportLanguage).toBe('de');
      expect(loadConfig({ SUPPORT_LANGUAGE: ' fr_BE ' }).settings.supportLanguage).toBe('fr');
      expect(loadConfig({ SUPPORT_LANGUAGE: 'NL-nl' }).settings.supportLanguage).toBe('nl');
    });

    it('refuses at start a language it does not speak, or a misspelt one, naming the ones it does', () => {
      for (const value of ['germn', 'Deutsch', 'pt-BR', 'e n']) {
        expect(problemsOf({ SUPPORT_LANGUAGE: value }), value).toEqual([
          `SUPPORT_LANGUAGE: expected one of en, de, fr, es, it, nl (got "${value}")`,
        ]);
      }
      expect(() => loadConfig({ SUPPORT_LANGUAGE: 'germn' })).toThrow(/camreset cannot start/);
    });

    it('names SUPPORT_LANGUAGE for a misspelt variable name, which would otherwise leave support in English', () => {
      expect(nearMisses({ SUPORT_LANGUAGE: 'de' })).toEqual([expect.stringContaining('did you mean SUPPORT_LANGUAGE')]);
    });
  });

  describe('BATCH_MAX: how many cameras one site request holds', () => {
    it('is 50 unset, and takes a whole number from 2 to 100', () => {
      expect(batchMax(loadConfig({}).settings)).toBe(50);
      expect(batchMax(loadConfig({ BATCH_MAX: '' }).settings)).toBe(50);
      expect(loadConfig({ BATCH_MAX: '2' }).settings.batchMax).toBe(2);
      expect(loadConfig({ BATCH_MAX: '100' }).settings.batchMax).toBe(100);
    });
    it('stops the start on anything else, naming the range: the cards and forms are checked up to 100', () => {
      for (const value of ['1', '0', '101', '50.5', '-3', 'fifty', '1e2'])
        expect(problemsOf({ BATCH_MAX: value }), value).toEqual([
          'BATCH_MAX: expected a whole number from 2 to 100 (cameras in one request)',
        ]);
    });
    it('names BATCH_MAX for a misspelt variable name', () => {
      expect(nearMisses({ BACTH_MAX: '20' })).toEqual([expect.stringContaining('did you mean BATCH_MAX')]);
    });
  });

  it('reads REQUEST_IDLE_CLOSE like the other durations, and stops the start on a bad one', () => {
    expect(loadConfig({ REQUEST_IDLE_CLOSE: '2d' }).settings.idleCloseMs).toBe(2 * 86_400_000);
    expect(() => loadConfig({ REQUEST_IDLE_CLOSE: 'tomorrow' })).toThrow(
      /REQUEST_IDLE_CLOSE: expected a duration like 90s, 15m or 1h \(got "tomorrow"\)/,
    );
  });

  it('reads durations written as 90s, 15m or 1h', () => {
    const c = loadConfig({ CHALLENGE_VALIDITY: '1h', WARN_BEFORE: '5m, 90s,15m' });
    expect(c.settings.validityMs).toBe(3_600_000);
    expect(c.settings.warnBeforeMs).toEqual([900_000, 300_000, 90_000]);
  });

  it('names every variable at fault in one message, with what it expects', () => {
    const problems = problemsOf({ CHALLENGE_VALIDITY: 'abc', REDIS_URL: 'notaurl', PORT: 'eighty' });
    expect(problems.some((p) => p.startsWith('CHALLENGE_VALIDITY:') && /90s, 15m or 1h/.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('REDIS_URL:') && /redis:\/\//.test(p))).toBe(true);
    expect(problems.some((p) => p.startsWith('PORT:'))).toBe(true);
    const message = new ConfigError(problems).message;
    expect(message.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(3);
  });

  it('requires DATA_KEY with REDIS_URL, and a real 32-byte key', () => {
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([expect.stringMatching(/^DATA_KEY: required with REDIS_URL/)]);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_KEY: 'c2hvcnQ=' })[0]).toMatch(/^DATA_KEY: expected 32 random bytes/);
    expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', DATA_KEY: Buffer.alloc(32, 7).toString('base64') })).toEqual([]);
  });

  describe('Redis topologies: one server, Sentinel, Cluster', () => {
    const DATA_KEY = Buffer.alloc(32, 7).toString('base64');
    const sentinel = { REDIS_SENTINELS: 's1:26379, s2:26379,[::1]:26380', REDIS_SENTINEL_NAME: 'mymaster', DATA_KEY };

    it("reads the sentinels, the primary's name, passwords and TLS", () => {
      expect(
        loadConfig({ ...sentinel, REDIS_PASSWORD: 'data-secret', REDIS_SENTINEL_PASSWORD: 'sentinel-secret', REDIS_TLS: 'on' }).redis,
      ).toEqual({
        kind: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
          { host: '::1', port: 26380 },
        ],
        name: 'mymaster',
        password: 'data-secret',
        sentinelPassword: 'sentinel-secret',
        tls: true,
      });
      expect(loadConfig(sentinel).redis).toMatchObject({ kind: 'sentinel', tls: false });
      expect(loadConfig(sentinel).redis).not.toHaveProperty('password');
    });

    it("reads a Cluster's nodes with a user, a password and TLS", () => {
      expect(
        loadConfig({
          REDIS_CLUSTER_NODES: '10.0.0.1:6379,redis-2.internal:6380',
          REDIS_USERNAME: 'camreset',
          REDIS_PASSWORD: 'pw',
          REDIS_TLS: 'on',
          DATA_KEY,
        }).redis,
      ).toEqual({
        kind: 'cluster',
        nodes: [
          { host: '10.0.0.1', port: 6379 },
          { host: 'redis-2.internal', port: 6380 },
        ],
        username: 'camreset',
        password: 'pw',
        tls: true,
      });
      expect(loadConfig({ REDIS_URL: 'rediss://:pw@redis.example:6380', DATA_KEY }).redis).toEqual({
        kind: 'url',
        url: 'rediss://:pw@redis.example:6380',
      });
    });

    it('takes one topology at a time, each with DATA_KEY', () => {
      expect(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_CLUSTER_NODES: 'a:1', DATA_KEY })).toEqual([
        expect.stringMatching(/^REDIS_CLUSTER_NODES: only one of REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES/),
      ]);
      expect(problemsOf({ ...sentinel, REDIS_CLUSTER_NODES: 'a:1' })).toEqual([expect.stringMatching(/^REDIS_CLUSTER_NODES: only one of/)]);
      expect(problemsOf({ REDIS_SENTINELS: 'a:26379', REDIS_SENTINEL_NAME: 'm' })).toEqual([
        expect.stringMatching(/^DATA_KEY: required with REDIS_SENTINELS/),
      ]);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:6379' })).toEqual([
        expect.stringMatching(/^DATA_KEY: required with REDIS_CLUSTER_NODES/),
      ]);
    });

    it("needs the primary's name with sentinels, and refuses Sentinel or auth settings that nothing would read", () => {
      expect(problemsOf({ REDIS_SENTINELS: 'a:26379', DATA_KEY })).toEqual([
        expect.stringMatching(/^REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/),
      ]);
      expect(problemsOf({ REDIS_CLUSTER_NODES: 'a:6379', REDIS_SENTINEL_NAME: 'm', DATA_KEY })).toEqual([
        expect.stringMatching(/^REDIS_SENTINEL_NAME: only means something with REDIS_SENTINELS/),
      ]);
      expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'pw', DATA_KEY })).toEqual([
        expect.stringMatching(/^REDIS_PASSWORD: not read with REDIS_URL: put it in the URL/),
      ]);
      expect(problemsOf({ REDIS_TLS: 'on' })).toEqual([
        expect.stringMatching(/^REDIS_TLS: only means something with REDIS_SENTINELS or REDIS_CLUSTER_NODES/),
      ]);
      expect(problemsOf({ ...sentinel, REDIS_TLS: 'yes' })).toEqual([expect.stringMatching(/^REDIS_TLS: expected on or off/)]);
    });

    it('refuses a node list that is not host:port, naming the entry', () => {
      for (const bad of ['redis://a:6379', 'a', 'a:0', 'a:70000', 'a:6379,,b', '[zz]:1', 'a b:1']) {
        const problems = problemsOf({ REDIS_CLUSTER_NODES: bad, DATA_KEY });
        if (bad === 'a:6379,,b') expect(problems, bad).toEqual([expect.stringContaining('(got "b")')]);
        else
          expect(problems, bad).toEqual([
            expect.stringMatching(/^REDIS_CLUSTER_NODES: expected some of the cluster's nodes as host:port, comma-separated/),
          ]);
      }
      expect(problemsOf({ REDIS_SENTINELS: 's1', REDIS_SENTINEL_NAME: 'm', DATA_KEY })).toEqual([
        expect.stringMatching(/^REDIS_SENTINELS: expected the sentinels as host:port/),
      ]);
    });

    it('keeps passwords out of the message', () => {
      const message = new ConfigError(
        problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'hunter2-secret', REDIS_SENTINEL_PASSWORD: 'other-secret' }),
      ).message;
      expect(message).toMatch(/REDIS_PASSWORD/);
      expect(message).not.toMatch(/hunter2-secret|other-secret/);
    });
  });

  it('refuses warnings that would come after the challenge expires', () => {
    expect(problemsOf({ CHALLENGE_VALIDITY: '10m', WARN_BEFORE: '15m,5m' })[0]).toMatch(/^WARN_BEFORE:/);
  });

  it('needs the Slack signing secret with a bot token (HTTP mode), but not in Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' })[0]).toMatch(/^SLACK_SIGNING_SECRET:/);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toEqual([]);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })[0]).toMatch(
      /^SLACK_BOT_TOKEN: expected a bot token/,
    );
  });

  it("paces Slack posts at Slack's one a second per channel unless told otherwise, and refuses a pace that is not whole milliseconds", () => {
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(slack).slack?.postIntervalMs).toBeUndefined();
    expect(loadConfig({ ...slack, SLACK_POST_INTERVAL_MS: '250' }).slack?.postIntervalMs).toBe(250);
    for (const bad of ['-1', '1.5', 'fast', '60000'])
      expect(problemsOf({ ...slack, SLACK_POST_INTERVAL_MS: bad })[0]).toMatch(/^SLACK_POST_INTERVAL_MS: expected whole milliseconds/);
  });

  it('needs the app password with a Microsoft app id', () => {
    expect(problemsOf({ MicrosoftAppId: 'abc' })[0]).toMatch(/^MicrosoftAppPassword:/);
    expect(problemsOf({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' })[0]).toMatch(
      /^MicrosoftAppTenantId:/,
    );
  });

  it('turns the playground on only when no platform is configured, unless asked', () => {
    expect(loadConfig({}).playground.enabled).toBe(true);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).playground.enabled).toBe(false);
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PLAYGROUND: 'on' }).playground.enabled).toBe(true);
  });

  describe('settings that would mean something other than the operator meant stop the start', () => {
    const teams = { MicrosoftAppId: '5b7c1f43-0000-4000-8000-000000000abc', MicrosoftAppPassword: 'pw' };
    const AGENT_ID = '2b6b0e4d-1c2a-4f5e-9a8b-0c1d2e3f4a5b';
    // variable | value | the words its line of the message must hold | the rest of the environment
    const WRONG: Array<[string, string, string, Record<string, string>?]> = [
      ['TEAMS_SUPPORT_CHANNEL', '19:abc@thread.tacv2', 'set without MicrosoftAppId, so Teams would run anonymously'],
      ['TEAMS_SUPPORT_AGENTS', AGENT_ID, 'set without MicrosoftAppId, so Teams would run anonymously'],
      ['MicrosoftAppPassword', 'a-client-secret', 'set without MicrosoftAppId, so Teams would run anonymously'],
      [
        'MicrosoftAppType',
        'SingleTenant',
        'set without MicrosoftAppId, so Teams would run anonymously',
        { MicrosoftAppTenantId: AGENT_ID },
      ],
      ['MicrosoftAppTenantId', AGENT_ID, 'set without MicrosoftAppId, so Teams would run anonymously'],
      ['MicrosoftAppID', '5b7c1f43-0000-4000-8000-000000000abc', 'did you mean MicrosoftAppId? Rename it (names are case-sensitive)'],
      ['SLACK_SUPORT_CHANNEL', 'C0123ABCDE', 'did you mean SLACK_SUPPORT_CHANNEL?'],
      ['SLACK_SUPPROT_CHANNEL', 'C0123ABCDE', 'did you mean SLACK_SUPPORT_CHANNEL?'],
      ['LOGLEVEL', 'debug', 'did you mean LOG_LEVEL?'],
      ['SLACK_SUPPORT_CHANNEL', '#support', "use the channel id C…, shown in the channel's details"],
      ['SLACK_SUPPORT_CHANNEL', 'camera-support', "use the channel id C…, shown in the channel's details"],
      ['SLACK_SUPPORT_USERGROUP', '@support-team', "use the user group's id S…, not its name or @handle"],
      ['TEAMS_SUPPORT_CHANNEL', 'Camera support', 'not a Teams channel id (got "Camera support"): use the id 19:…@thread.tacv2', teams],
      ['TEAMS_SUPPORT_CHANNEL', '19%3aabc%40thread.tacv2', 'with %3a read as : and %40 as @', teams],
      [
        'TEAMS_SUPPORT_AGENTS',
        'alex@contoso.com',
        `"alex@contoso.com" is an e-mail address: use the person's object id from Entra ID`,
        teams,
      ],
      ['TEAMS_SUPPORT_AGENTS', `${AGENT_ID},29:1agent-bf-id`, '"29:1agent-bf-id" is not an AAD object id', teams],
    ];

    it.each(WRONG)('%s=%s stops the start: "%s"', (variable, value, words, rest = {}) => {
      const problems = problemsOf({ ...rest, [variable]: value });
      const line = problems.find((p) => p.startsWith(`${variable}: `));
      expect(line, problems.join('\n')).toBeDefined();
      expect(line).toContain(words);
    });

    it('names every one of them in one message', () => {
      const env = Object.fromEntries(WRONG.filter(([, , , rest]) => !rest).map(([variable, value]) => [variable, value]));
      const message = new ConfigError(problemsOf({ ...env, SLACK_SUPPORT_CHANNEL: '#support' })).message;
      for (const variable of Object.keys(env)) expect(message).toMatch(new RegExp(`^  - ${variable}: `, 'm'));
    });

    it('stops every Teams setting of the schema without MicrosoftAppId, and none with it', () => {
      const teamsSettings = KNOWN_VARIABLES.filter((k) => /^(TEAMS_|MicrosoftApp)/.test(k) && k !== 'MicrosoftAppId');
      expect(teamsSettings.length).toBeGreaterThanOrEqual(5);
      for (const name of teamsSettings)
        expect(problemsOf({ [name]: 'x' }), name).toContainEqual(expect.stringMatching(new RegExp(`^${name}: set without MicrosoftAppId`)));
      expect(problemsOf({ ...teams, TEAMS_SUPPORT_CHANNEL: '19:abc@thread.tacv2', TEAMS_SUPPORT_AGENTS: AGENT_ID })).toEqual([]);
    });

    it('takes a blank value for unset, as an .env file copied from .env.example has them', () => {
      expect(
        problemsOf({ TEAMS_SUPPORT_CHANNEL: '', MicrosoftAppPassword: ' ', SLACK_SUPORT_CHANNEL: '', SLACK_SUPPORT_CHANNEL: '' }),
      ).toEqual([]);
    });

    it('names the intended variable for a misspelling of any variable camreset reads', () => {
      for (const known of KNOWN_VARIABLES.filter((k) => k.length >= NEAR_MISS_MIN_LENGTH)) {
        const typo = `${known.slice(0, 3)}${known[3] === 'X' ? 'Q' : 'X'}${known.slice(4)}`; // one letter replaced
        expect(nearMisses({ [typo]: 'x' }), known).toEqual([expect.stringContaining(`did you mean ${known}`)]);
      }
    });

    it("does not take the ordinary environment of a machine, nor this test run's own, for misspellings", () => {
      const ordinary = [
        'PATH',
        'HOME',
        'HOSTNAME',
        'HOST',
        'PWD',
        'OLDPWD',
        'SHELL',
        'USER',
        'LOGNAME',
        'LANG',
        'TERM',
        'TZ',
        'TMPDIR',
        'CI',
        'NODE_ENV',
        'NODE_OPTIONS',
        'npm_config_cache',
        'npm_lifecycle_event',
        'npm_package_name',
        'npm_node_execpath',
        'INIT_CWD',
        'EDITOR',
        'COLORTERM',
        'HOSTTYPE',
        'DEBIAN_FRONTEND',
        'GITHUB_ACTIONS',
        'RUNNER_OS',
        'RUNNER_TEMP',
        'BUILD_NUMBER',
        'KUBERNETES_SERVICE_HOST',
        'KUBERNETES_PORT',
        'TEST_REDIS_URL',
        'TEST_LOG_LEVEL',
      ];
      // PORT and HOST are short names of ours: HOME (one letter from HOST) is not their misspelling.
      expect(nearMisses(Object.fromEntries(ordinary.map((n) => [n, '1'])), [...KNOWN_VARIABLES, 'HOST'])).toEqual([]);
      expect(nearMisses(process.env)).toEqual([]);
    });

    it('reads TEAMS_SUPPORT_AGENTS in lower case, so an id copied in upper case still matches', () => {
      const c = loadConfig({ ...teams, TEAMS_SUPPORT_AGENTS: ` ${AGENT_ID.toUpperCase()} , ${AGENT_ID.replace('2b6b', '3c7c')}` });
      expect(c.teams.agents).toEqual([AGENT_ID, AGENT_ID.replace('2b6b', '3c7c')]);
    });

    it('accepts real ids: a channel C…, a private G…, a user group S…, a Teams channel on tacv2 or skype', () => {
      const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
      expect(loadConfig({ ...slack, SLACK_SUPPORT_CHANNEL: 'C0123ABCDE', SLACK_SUPPORT_USERGROUP: 'S0123ABCDE' }).slack).toMatchObject({
        supportChannel: 'C0123ABCDE',
        supportUsergroup: 'S0123ABCDE',
      });
      expect(loadConfig({ ...slack, SLACK_SUPPORT_CHANNEL: 'G0123ABCDE' }).slack?.supportChannel).toBe('G0123ABCDE');
      expect(loadConfig({ ...teams, TEAMS_SUPPORT_CHANNEL: '19:a1b2c3@thread.skype' }).teams.supportChannel).toBe('19:a1b2c3@thread.skype');
    });
  });
});
