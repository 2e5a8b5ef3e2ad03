import { afterEach, expect, it } from 'vitest';
import { AGENT, CODE, SlackWorld, TECH, TECH2, describeDrivers, textOf } from '../../support/slack/harness.js';

describeDrivers('Slack App Home', (driver) => {
  let w: SlackWorld | undefined;
  afterEach(async () => w?.stop());

  const openHome = async (user: string) => {
    const before = w!.fake.callsTo('views.publish').length;
    await w!.slack.event({ type: 'app_home_opened', user, channel: w!.fake.dmOf(user), tab: 'home', event_ts: `${Date.now() / 1000}` });
    return w!.fake.waitFor(
      () =>
        w!.fake
          .callsTo('views.publish')
          .slice(before)
          .find((c) => c.args.user_id === user && c.response.ok),
      `the Home tab of ${user}`,
    );
  };

  it('shows a technician their open requests with countdowns, and no queue', async () => {
    w = await SlackWorld.start({ driver });
    const a = await w.begin(TECH, 'CFIELD', CODE);
    await w.reply(a, /Got the challenge code/);
    const b = await w.submitted(TECH);
    const other = await w.begin(TECH2);
    const home = textOf((await openHome(TECH)).args.view as object);
    expect(home).toMatch(new RegExp(`${a.id}\\* — details being entered\\. Code expires at <!date\\^\\d+\\^\\{time\\}\\|`));
    expect(home).toMatch(new RegExp(`${b.id}\\* — waiting for an agent`));
    expect(home).not.toContain(other.id);
    expect(home).not.toMatch(/Support queue/);
  });

  it('shows an agent the open queue', async () => {
    w = await SlackWorld.start({ driver });
    const a = await w.submitted(TECH);
    await w.clickCard(a.card, 'claim', AGENT);
    await w.reply(a, /is working on/);
    const b = await w.submitted(TECH2);
    const home = textOf((await openHome(AGENT)).args.view as object);
    expect(home).toMatch(/no open camera password resets/);
    expect(home).toMatch(/Support queue \(2 open\)/);
    expect(home).toMatch(new RegExp(`${a.id}\\* — an agent is on it, for <@UTECH1>, handled by <@UAGENT1>`));
    expect(home).toMatch(new RegExp(`${b.id}\\* — waiting for an agent, for <@UTECH2>`));
  });
});
