// The rule that decides what /api/messages accepts, as a table: unsigned activities only when
// nothing real is configured; an app id means signed; anything else means Teams is off.
// (Settings that make no sense together also stop the start, in src/config.ts; this rule does
// not rely on that.)

import { describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../../src/config.js';
import { teamsMode, type TeamsMode } from '../../../src/platforms/teams/auth.js';

const base = loadConfig({});
const slack = { botToken: 'xoxb-1', signingSecret: 's' };
const variant = (teams: Partial<Config['teams']>, withSlack = false): Config => ({
  ...base,
  ...(withSlack ? { slack } : {}),
  teams: { ...base.teams, ...teams },
});

describe('teamsMode', () => {
  it.each<[string, Config, TeamsMode]>([
    ['nothing configured (Emulator, playground)', variant({}), 'local'],
    ['MicrosoftAppId', variant({ appId: 'id', appPassword: 'pw' }), 'signed'],
    ['MicrosoftAppId beside Slack', variant({ appId: 'id', appPassword: 'pw' }, true), 'signed'],
    ['Slack only', variant({}, true), 'off'],
    ['MicrosoftAppPassword without MicrosoftAppId', variant({ appPassword: 'pw' }), 'off'],
    ['MicrosoftAppType without MicrosoftAppId', variant({ appType: 'SingleTenant' }), 'off'],
    ['MicrosoftAppTenantId without MicrosoftAppId', variant({ tenantId: 't' }), 'off'],
  ])('%s -> %s', (_what, config, mode) => {
    expect(teamsMode(config)).toBe(mode);
  });
});
