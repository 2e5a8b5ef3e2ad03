import { afterAll, beforeAll, expect, it } from 'vitest';
import { personalMessage, users, personalChat } from '../../support/teams/activities.js';
import { startTeams, type TeamsHarness, textOf } from '../../support/teams/harness.js';

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeams();
});
afterAll(async () => h?.close());

it('smoke', async () => {
  const r = await h.bot.post(personalMessage(h.connector.url, users.tech, 'camreset'));
  console.log(r, h.connector.requests, h.connector.describe());
  expect(h.connector.in(personalChat(users.tech)).length).toBeGreaterThan(0);
  console.log(textOf(h.connector.in(personalChat(users.tech))[0]!.activity));
});
