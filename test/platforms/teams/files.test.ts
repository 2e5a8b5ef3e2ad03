// Files agents can open, whichever platforms the technician and support are on: a label photo a
// technician sends the bot in Teams is fetched at once (a pasted image from the Bot Connector with
// the bot's token, a file in the 1:1 chat from its downloadUrl with none), checked by its bytes,
// and arrives in the support card's thread: in Teams as an inline image, in Slack as an upload.
// A Slack technician's photo reaches a Teams support card the same way. A file too large, not an
// image, on a host that is not Microsoft's, or whose download fails is explained and changes nothing.

import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_DOWNLOAD_INFO, TEAMS_IMAGE_MAX_BYTES } from '../../../src/platforms/teams/files.js';
import { exe, foreignHost, type ForeignHost, jpeg, megabytes, pdf, photo, smallPng } from '../../support/files.js';
import { BotClient, SUPPORT_CHANNEL, TEAM, installedInTeam, personalChat, personalMessage, users } from '../../support/teams/activities.js';
import { FakeConnector, type Sent, textOf } from '../../support/teams/connector.js';
import { type TeamsHarness, latestText, signedTeamsEnv, signerFor, startTeams } from '../../support/teams/harness.js';
import { FakeIdentity } from '../../support/teams/identity.js';
import { CODE, DETAILS, requestIdIn, withButton } from '../../support/teams/story.js';
import { allCardProblems } from '../../support/teams/validate.js';
import { SUPPORT, SlackWorld, TECH, textOf as slackText } from '../../support/slack/harness.js';

type Json = Record<string, unknown>;

let h: TeamsHarness | undefined;
let world: SlackWorld | undefined;
let connector: FakeConnector | undefined;
let identity: FakeIdentity | undefined;
let other: ForeignHost | undefined;
afterEach(async () => {
  await h?.close();
  await world?.stop();
  await connector?.stop();
  await identity?.stop();
  await other?.close();
  h = world = connector = identity = other = undefined;
});

const chat = personalChat(users.tech);

/** A pasted image as Teams sends it: the `image/*` attachment, and its `text/html` copy. */
function pasted(contentUrl: string, contentType = 'image/png'): Json[] {
  return [
    { contentType, contentUrl },
    {
      contentType: 'text/html',
      content: `<p><img src="${contentUrl.replace('/views/original', '/views/imgo')}" itemtype="http://schema.skype.com/AMSImage"></p>`,
    },
  ];
}

/** A file sent in the 1:1 chat, as Teams sends it (supportsFiles): `file.download.info`. */
function sentFile(name: string, downloadUrl: string): Json {
  return {
    contentType: FILE_DOWNLOAD_INFO,
    contentUrl: `https://contoso-my.sharepoint.com/personal/tina_contoso_com/Documents/Microsoft Teams Chat Files/${name}`,
    name,
    content: { downloadUrl, uniqueId: '1150D938-8870-4044-9F2C-5BBDEBA70C8C', fileType: name.split('.').pop() },
  };
}

/** The technician starts a request in their 1:1 chat and gives the code and details; resolves to its id. */
async function started(t: TeamsHarness, attachments: Json[] = []): Promise<string> {
  await t.bot.send(personalMessage(t.connector.url, users.tech, 'camreset'));
  const welcome = await t.connector.waitFor(() => t.connector.in(chat).at(-1), 3000, 'the welcome');
  const id = requestIdIn(textOf(welcome.activity));
  await t.bot.send(personalMessage(t.connector.url, users.tech, `${CODE}\n${DETAILS}`, attachments));
  await t.connector.waitFor(() => withButton(t.connector.in(chat), 'submit'), 3000, 'the summary');
  return id;
}

async function submit(t: TeamsHarness, id: string): Promise<Sent> {
  const summary = withButton(t.connector.in(chat), 'submit')!;
  const { cardAction } = await import('../../support/teams/activities.js');
  await t.bot.send(cardAction(t.connector.url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
  return t.connector.waitFor(
    () => t.connector.sent.find((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
    3000,
    'the support card',
  );
}

/** Inline images the bot posted into a conversation (the support card's reply chain). */
function imagesIn(c: FakeConnector, conversation: string): Array<{ contentType: string; bytes: Buffer; name?: string; caption: string }> {
  return c
    .in(conversation)
    .flatMap((s) =>
      ((s.activity.attachments as Json[] | undefined) ?? [])
        .filter((a) => String(a.contentType).startsWith('image/'))
        .map((a) => ({ a, s })),
    )
    .map(({ a, s }) => {
      const m = /^data:(image\/[a-z]+);base64,(.*)$/.exec(String(a.contentUrl));
      if (!m) throw new Error(`an image that is not a data: URL: ${String(a.contentUrl).slice(0, 60)}`);
      return {
        contentType: m[1]!,
        bytes: Buffer.from(m[2]!, 'base64'),
        ...(typeof a.name === 'string' ? { name: a.name } : {}),
        caption: textOf(s.activity),
      };
    });
}

async function waitImages(c: FakeConnector, conversation: string, ms: number): Promise<ReturnType<typeof imagesIn>> {
  return c.waitFor(
    () => {
      const found = imagesIn(c, conversation);
      return found.length ? found : undefined;
    },
    ms,
    'the image in the card thread',
  );
}

const toldTech = (c: FakeConnector): string =>
  c
    .in(chat)
    .map((s) => textOf(s.activity))
    .join('\n---\n');

describe('Teams → Teams', () => {
  it('passes a pasted label photo to the Teams support card as an image, fetched from the connector with the bot token', async () => {
    h = await startTeams();
    const png = await smallPng();
    const id = await started(h, pasted(h.connector.image(png)));
    expect(toldTech(h.connector)).toMatch(/Label photo: photo \(being copied into this thread\)/);
    const card = await submit(h, id);
    const [image] = await waitImages(h.connector, card.conversationId, 5000);
    // Small enough for a Teams message: the very bytes the technician sent.
    expect(image).toMatchObject({ contentType: 'image/png' });
    expect(image!.bytes.equals(png)).toBe(true);
    expect(image!.caption).toMatch(/From the technician/);
    expect(image!.caption).not.toMatch(/Reduced/);
    await h.connector.waitFor(
      () => /Label photo: ?\S* \(in this thread\)/.test(latestText(h!.connector, card.id)),
      5000,
      'the card naming the photo',
    );
    const downloads = h.connector.downloads;
    expect(downloads.length).toBeGreaterThan(0);
    for (const d of downloads) expect(d.authorization).toMatch(/^Bearer /);
    expect(h.connector.unauthorized).toEqual([]);
    expect(allCardProblems(h.connector.cards())).toEqual([]);
  });

  it('fetches a photo sent as a file in the 1:1 chat from its downloadUrl, shrinks it to fit a Teams message, and never keeps the link', async () => {
    h = await startTeams();
    const big = await photo(2000, 1500);
    expect(big.byteLength).toBeGreaterThan(TEAMS_IMAGE_MAX_BYTES);
    const id = await started(h, [sentFile('IMG_0042.jpg', h.connector.downloadUrl(big))]);
    const stored = await h.app.desk.get(id);
    expect(stored?.device.photos).toEqual([expect.objectContaining({ name: 'IMG_0042.jpg', copy: 'pending' })]);
    expect(JSON.stringify(stored)).not.toContain('tempauth');
    const card = await submit(h, id);
    const [image] = await waitImages(h.connector, card.conversationId, 8000);
    expect(image!.contentType).toBe('image/jpeg');
    expect(image!.bytes.byteLength).toBeLessThanOrEqual(TEAMS_IMAGE_MAX_BYTES);
    const meta = await sharp(image!.bytes).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(1024);
    expect(image!.caption).toMatch(new RegExp(`Reduced from 2000×1500 to ${meta.width}×${meta.height} pixels to fit a Teams message`));
    expect(image!.caption).toMatch(/ask the technician here for a closer photo/);
    // Fetched once, when it was sent (the link lives minutes): the copy used the bytes held since.
    expect(h.connector.downloads).toHaveLength(1);
  });

  it('refuses a PDF for a Teams support channel as it is sent, and says what to send instead', async () => {
    h = await startTeams();
    const id = await started(h);
    await h.bot.send(personalMessage(h.connector.url, users.tech, '', [sentFile('invoice.pdf', h.connector.downloadUrl(pdf()))]));
    await h.connector.waitFor(() => /I could not take invoice\.pdf/.test(toldTech(h!.connector)), 5000, 'the refusal');
    expect(toldTech(h.connector)).toMatch(
      /support works in Microsoft Teams, where I can pass photos but not PDFs\. Please send a photo or screenshot of each page instead/,
    );
    expect((await h.app.desk.get(id))?.device.documents).toEqual([]);
  });
});

describe('what Teams refuses, and nothing changes', () => {
  const cases: Array<[string, (c: FakeConnector, port: number) => Json[], RegExp]> = [
    ['a 15 MB photo', (c) => pasted(c.image(jpeg(megabytes(15))), 'image/jpeg'), /it is larger than 10 MB/],
    [
      'a 15 MB photo streamed without its size',
      (c) => pasted(c.image(jpeg(megabytes(15)), { contentLength: false }), 'image/jpeg'),
      /it is larger than 10 MB/,
    ],
    [
      'a program renamed .jpg',
      (c) => [sentFile('label.jpg', c.downloadUrl(exe()))],
      /it is not a photo \(JPEG, PNG, GIF, WebP or HEIC\) or a PDF, whatever its name says/,
    ],
    [
      "an image on a host that is not Microsoft's",
      (_c, port) => pasted(`http://127.0.0.1:${port}/v3/attachments/x/views/original`),
      /it is not stored where I may fetch files from/,
    ],
    ['a download that fails', (c) => pasted(c.image(jpeg(), { status: 500 }), 'image/jpeg'), /I could not download it just now/],
  ];
  for (const [what, attach, why] of cases) {
    it(`answers ${what} clearly`, async () => {
      other = await foreignHost();
      const { port } = other;
      h = await startTeams();
      const id = await started(h);
      const before = await h.app.desk.get(id);
      const sentBefore = h.connector.sent.length;
      await h.bot.send(personalMessage(h.connector.url, users.tech, '', attach(h.connector, port)));
      await h.connector.waitFor(() => /I could not take/.test(toldTech(h!.connector)), 8000, 'the refusal');
      expect(toldTech(h.connector)).toMatch(why);
      expect(other.hits()).toBe(0);
      // Only the refusal was said, and the request is as it was.
      expect(h.connector.sent.slice(sentBefore)).toHaveLength(1);
      const after = await h.app.desk.get(id);
      expect(after?.device).toEqual(before?.device);
      expect(after?.state).toBe(before?.state);
      expect(after?.challenge?.code).toBe(CODE);
      // A download past 10 MB is stopped, not read to its end.
      for (const d of h.connector.downloads) expect(d.sent).toBeLessThan(megabytes(15));
    });
  }
});

describe('across platforms', () => {
  async function signedConnector(): Promise<{ c: FakeConnector; fake: FakeIdentity }> {
    const c = await new FakeConnector().start();
    const fake = await new FakeIdentity().start();
    c.authorize = (header) => fake.acceptsConnectorCall(header);
    fake.issueConnectorToken();
    connector = c;
    identity = fake;
    return { c, fake };
  }

  it('uploads a label photo pasted in Teams into the Slack support thread, byte for byte', async () => {
    const { c, fake } = await signedConnector();
    world = await SlackWorld.start({ driver: 'memory', env: signedTeamsEnv(fake, c) });
    const bot = new BotClient(`http://127.0.0.1:${world.port}`, {}, signerFor(fake));
    const label = await photo(1600, 1200);
    await bot.send(personalMessage(c.url, users.tech, 'camreset'));
    const welcome = await c.waitFor(() => c.in(chat).at(-1));
    const id = requestIdIn(textOf(welcome.activity));
    await bot.send(personalMessage(c.url, users.tech, `${CODE}\n${DETAILS}`, pasted(c.image(label), 'image/jpeg')));
    const summary = await c.waitFor(() => withButton(c.in(chat), 'submit'));
    const { cardAction } = await import('../../support/teams/activities.js');
    await bot.send(cardAction(c.url, users.tech, chat, summary.id, 'submit', { requestId: id, card: 'summary' }));
    const card = await world.cardWhen({ card: await world.cardOf(id) }, /Label photo:\*? \S+ \(in this thread\)/);
    expect(world.fake.uploads).toHaveLength(1);
    const [upload] = world.fake.uploads;
    expect(upload).toMatchObject({ channel: SUPPORT, thread_ts: card.ts });
    // Slack takes the photo as it is: the full-size original, not the Teams-sized copy.
    expect(upload!.bytes.equals(label)).toBe(true);
    expect(slackText(card)).not.toMatch(/not copied here/);
    expect(c.unauthorized).toEqual([]);
  });

  it('shows a label photo shared in Slack on the Teams support card', async () => {
    const { c, fake } = await signedConnector();
    c.channels.set(TEAM.id, [
      { id: TEAM.id, name: 'General' },
      { id: SUPPORT_CHANNEL, name: 'Camera support' },
    ]);
    c.members.set(TEAM.id, [users.agent, users.agent2]);
    world = await SlackWorld.start({
      driver: 'memory',
      env: {
        ...signedTeamsEnv(fake, c),
        SLACK_SUPPORT_CHANNEL: '',
        TEAMS_SUPPORT_CHANNEL: SUPPORT_CHANNEL,
        TEAMS_SUPPORT_AGENTS: users.agent.aadObjectId,
      },
    });
    const bot = new BotClient(`http://127.0.0.1:${world.port}`, {}, signerFor(fake));
    await bot.send(installedInTeam(c.url, users.agent));
    const t = await world.begin();
    const label = await smallPng(320, 240);
    await world.say(t, CODE, { files: [world.fake.file({ name: 'label.png', bytes: label })] });
    await world.reply(t, /Label photo added/);
    await world.say(t, DETAILS);
    await world.reply(t, /Everything is here/);
    await world.click(t, 'submit', TECH);
    const card = await c.waitFor(
      () => c.sent.find((s) => s.kind === 'create' && s.conversationId.startsWith(`${SUPPORT_CHANNEL};`)),
      5000,
      'the Teams support card',
    );
    const [image] = await waitImages(c, card.conversationId, 5000);
    expect(image!.bytes.equals(label)).toBe(true);
    await c.waitFor(() => /Label photo: ?label\.png \(in this thread\)/.test(latestText(c, card.id)), 5000, 'the card naming the photo');
    expect(latestText(c, card.id)).not.toMatch(/not copied here/);
    expect(world.fake.uploads).toEqual([]);
  });
});
