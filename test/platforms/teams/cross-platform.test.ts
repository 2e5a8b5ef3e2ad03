// One core, two platforms: a technician in Teams, the support channel in Slack (only Slack has
// one configured), and the PUK back in the technician's Teams chat.

import { afterEach, expect, it } from 'vitest';
import { BotClient, cardAction, personalChat, personalMessage, users } from '../../support/teams/activities.js';
import { FakeConnector, textOf } from '../../support/teams/connector.js';
import { signedTeamsEnv, signerFor } from '../../support/teams/harness.js';
import { FakeIdentity } from '../../support/teams/identity.js';
import { CODE, DETAILS, PUK, requestIdIn, withButton } from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { AGENT, SUPPORT, SlackWorld, textOf as slackText } from '../../support/slack/harness.js';

let world: SlackWorld | undefined;
let connector: FakeConnector | undefined;
let identity: FakeIdentity | undefined;
afterEach(async () => {
  await world?.stop();
  await connector?.stop();
  await identity?.stop();
  world = undefined;
});

it('sends a Teams request to the Slack support channel and the PUK back to the Teams chat', async () => {
  // Both platforms configured as an operator would: Teams with MicrosoftAppId, so signed.
  connector = await new FakeConnector().start();
  const fake = await new FakeIdentity().start();
  identity = fake;
  connector.authorize = (header) => fake.acceptsConnectorCall(header);
  fake.issueConnectorToken();
  world = await SlackWorld.start({ driver: 'memory', env: signedTeamsEnv(fake, connector) });
  const bot = new BotClient(`http://127.0.0.1:${world.port}`, {}, signerFor(fake));
  const chat = personalChat(users.tech);

  await bot.send(personalMessage(connector.url, users.tech, 'camreset'));
  const welcome = await connector.waitFor(() => connector!.in(chat).at(-1));
  const id = requestIdIn(textOf(welcome.activity));
  await bot.send(personalMessage(connector.url, users.tech, `${CODE}\n${DETAILS}`));
  const summary = await connector.waitFor(() => withButton(connector!.in(chat), 'submit'));
  await bot.send(cardAction(connector.url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));

  // The card lands in Slack's support channel; a Slack agent claims it and replies with the PUK.
  const card = await world.cardOf(id);
  expect(slackText(card)).toContain('NDE-5503-AL');
  await world.clickCard(card, 'claim', AGENT);
  await connector.waitFor(() => connector!.in(chat).find((s) => textOf(s.activity).includes('is working on')));
  await world.pukInThread(card, `PUK: ${PUK}`);

  // Back in Teams, privately, with the buttons to report the result.
  const puk = await connector.waitFor(() => withButton(connector!.in(chat), 'done'));
  expect(textOf(puk.activity)).toContain(PUK);
  await world.cardWhen({ card }, /PUK sent by/);
  expect(JSON.stringify(world.fake.messages(SUPPORT))).not.toContain(PUK);

  await bot.send(cardAction(connector.url, users.tech, chat, puk.id, 'done', { requestId: id, card: 'puk' }));
  await world.cardWhen({ card }, /confirmed the reset worked/);
  expect(allCardProblems(connector.cards())).toEqual([]);
  expect(connector.unauthorized).toEqual([]);
});
