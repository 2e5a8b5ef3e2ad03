// Who is a Teams agent is decided by AAD object id, and a GUID's letter case means nothing: the
// Entra admin center may show an id in upper case, Teams sends it in lower case. Through
// /api/messages, an agent listed (or reported by the Bot Connector) in upper case still acts.

import { afterEach, describe, expect, it } from 'vitest';
import { users } from '../../support/teams/activities.js';
import { startTeams, type TeamsHarness } from '../../support/teams/harness.js';
import { press, submitInChat } from '../../support/teams/story.js';

let h: TeamsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Teams support agents, matched by object id whatever its letter case', () => {
  it('lets an agent whose id TEAMS_SUPPORT_AGENTS lists in upper case claim, and nobody else', async () => {
    h = await startTeams({ env: { TEAMS_SUPPORT_AGENTS: users.agent.aadObjectId.toUpperCase() } });
    const s = await submitInChat(h);
    expect((await press(h, s, users.agent2, 'claim')).value).toContain('Only support agents');
    expect((await press(h, s, users.agent, 'claim')).type).toBe('application/vnd.microsoft.card.adaptive');
  });

  it("lets a member of the support channel's team act when the Bot Connector lists their id in upper case", async () => {
    const upper = { ...users.agent2, aadObjectId: users.agent2.aadObjectId.toUpperCase() };
    h = await startTeams({ env: { TEAMS_SUPPORT_AGENTS: '' }, teamMembers: [upper] });
    const s = await submitInChat(h);
    expect((await press(h, s, users.agent2, 'claim')).type).toBe('application/vnd.microsoft.card.adaptive');
  });
});
