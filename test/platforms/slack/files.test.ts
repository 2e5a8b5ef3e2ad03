// Files the technician shares reach every agent: a photo in the thread or in the details form is
// downloaded with the bot token from Slack's file host, checked by its bytes, and uploaded into
// the support card's thread (files.getUploadURLExternal, POST, files.completeUploadExternal). A
// file too large, not an image, on another host, or whose upload fails is explained, and nothing
// else changes.

import { afterEach, expect, it } from 'vitest';
import { exe, foreignHost, type ForeignHost, jpeg, megabytes, pdf } from '../../support/files.js';
import {
  CODE,
  DETAILS,
  FORM_DETAILS,
  SUPPORT,
  SlackWorld,
  TECH,
  type Thread,
  describeDrivers,
  textOf,
} from '../../support/slack/harness.js';

describeDrivers('Slack files for support', (driver) => {
  let w: SlackWorld | undefined;
  let other: ForeignHost | undefined;
  afterEach(async () => {
    await w?.stop();
    await other?.close();
    other = undefined;
  });

  /** The technician's private messages (ephemerals) so far, as text. */
  const toldPrivately = () =>
    w!.fake
      .ephemerals(TECH)
      .map((c) => textOf(c.args))
      .join('\n---\n');

  async function submit(t: Thread): Promise<void> {
    await w!.reply(t, /Everything is here/);
    await w!.click(t, 'submit', TECH);
    await w!.reply(t, /is with support now/);
  }

  it('copies a label photo shared in the thread into the support thread, byte for byte, fetched with the bot token', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const photo = jpeg(300_000);
    const file = w.fake.file({ name: 'label.jpg', bytes: photo });
    await w.say(t, CODE, { files: [file] });
    await w.reply(t, /Label photo added/);
    await w.say(t, DETAILS);
    await submit(t);
    const card = await w.cardWhen({ card: await w.cardOf(t.id) }, /Label photo:\*? label\.jpg \(in this thread\)/);
    expect(w.fake.uploads).toHaveLength(1);
    const [upload] = w.fake.uploads;
    expect(upload).toMatchObject({ channel: SUPPORT, thread_ts: card.ts, title: 'label.jpg', filename: 'label.jpg' });
    expect(upload!.bytes.equals(photo)).toBe(true);
    // The file is shared as a reply in the card's thread, where every agent of the channel sees it.
    expect(w.fake.thread(SUPPORT, card.ts).some((m) => m.text === 'label.jpg')).toBe(true);
    const downloads = w.fake.downloads(file.id);
    expect(downloads.length).toBeGreaterThan(0);
    for (const d of downloads) expect(d.args.token).toBe('xoxb-test-token');
    expect(await w.app.desk.get(t.id)).toMatchObject({ device: { photos: [{ name: 'label.jpg', copy: 'delivered' }] } });
  });

  it('copies a label photo given in the details form the same way', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, undefined, CODE);
    await w.reply(t, /Got the challenge code/);
    await w.click(t, 'use_form', TECH);
    const view = await w.openedView('camreset.form');
    const picker = (view.blocks as Array<{ block_id?: string; element?: Record<string, unknown> }>).find((b) => b.block_id === 'photo');
    /* eslint-disable @typescript-eslint/no-unsafe-assignment -- vitest's asymmetric matchers (expect.any, expect.stringMatching, ...) are typed any on purpose */
    expect(picker?.element).toMatchObject({
      type: 'file_input',
      filetypes: expect.arrayContaining(['jpg', 'png', 'heic']),
      max_files: expect.any(Number),
    });
    /* eslint-enable @typescript-eslint/no-unsafe-assignment */
    const photo = jpeg(120_000);
    const file = w.fake.file({ name: 'IMG_0042.jpg', bytes: photo });
    const res = await w.slack.submitView({
      user: TECH,
      view,
      values: { ...FORM_DETAILS },
      files: { photo: [file] },
    });
    expect(res.status).toBe(200);
    await submit(t);
    const card = await w.cardWhen({ card: await w.cardOf(t.id) }, /Label photo:\*? IMG_0042\.jpg \(in this thread\)/);
    expect(w.fake.uploads.map((u) => [u.channel, u.thread_ts, u.bytes.equals(photo)])).toEqual([[SUPPORT, card.ts, true]]);
  });

  it('refuses a form photo that is not an image, and keeps the details typed in the same form', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin(TECH, undefined, CODE);
    await w.reply(t, /Got the challenge code/);
    await w.click(t, 'use_form', TECH);
    const view = await w.openedView('camreset.form');
    const file = w.fake.file({ name: 'label.heic', bytes: exe(), mimetype: 'image/heic' });
    await w.slack.submitView({
      user: TECH,
      view,
      values: { ...FORM_DETAILS },
      files: { photo: [file] },
    });
    await w.reply(t, /Everything is here/);
    await w.fake.waitFor(() => /I could not take label\.heic:\*? it is not a photo/.test(toldPrivately()), 'the refusal');
    expect(await w.app.desk.get(t.id)).toMatchObject({ device: { model: 'NDE-5503-AL', serial: '404754734001050102', photos: [] } });
  });

  for (const contentLength of [true, false]) {
    it(`refuses a 15 MB photo (${contentLength ? 'announced' : 'counted while streaming'}) without reading on, and changes nothing else`, async () => {
      w = await SlackWorld.start({ driver });
      const t = await w.begin();
      const file = w.fake.file({ name: 'huge.jpg', bytes: jpeg(megabytes(15)), contentLength });
      await w.say(t, CODE, { files: [file] });
      await w.reply(t, /Got the challenge code/);
      await w.fake.waitFor(() => /I could not take huge\.jpg:\*? it is larger than 10 MB/.test(toldPrivately()), 'the refusal');
      expect(w.replies(t).some((m) => /Label photo added/.test(textOf(m)))).toBe(false);
      const request = await w.app.desk.get(t.id);
      expect(request?.device.photos).toEqual([]);
      expect(request?.challenge?.code).toBe(CODE);
      await w.say(t, DETAILS);
      await submit(t);
      const card = await w.cardOf(t.id);
      expect(textOf(card)).not.toMatch(/Label photo/);
      expect(w.fake.uploads).toEqual([]);
    });
  }

  it('stops a download with no Content-Length soon after 10 MB instead of reading it to the end', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const file = w.fake.file({ name: 'endless.jpg', bytes: jpeg(megabytes(60)), contentLength: false });
    await w.say(t, CODE, { files: [file] });
    await w.fake.waitFor(() => /I could not take endless\.jpg:\*? it is larger than 10 MB/.test(toldPrivately()), 'the refusal');
    await w.fake.quiet(200);
    // What the fake wrote: the 10 MB read, plus what the sockets buffer on the way; never the 60 MB.
    for (const d of w.fake.downloads(file.id)) expect(Number(d.args.sent)).toBeLessThan(megabytes(30));
  });

  it('refuses a file that is not an image though it is named .jpg, and keeps the words that came with it', async () => {
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const file = w.fake.file({ name: 'label.jpg', bytes: exe(), mimetype: 'image/jpeg' });
    await w.say(t, CODE, { files: [file] });
    await w.reply(t, /Got the challenge code/);
    await w.fake.waitFor(
      () => /I could not take label\.jpg:\*? it is not a photo \(JPEG, PNG, GIF, WebP or HEIC\) or a PDF/.test(toldPrivately()),
      'the refusal',
    );
    expect(toldPrivately()).toMatch(/or type what the label says/);
    const request = await w.app.desk.get(t.id);
    expect(request?.device.photos).toEqual([]);
    expect(request?.challenge?.code).toBe(CODE);
    expect(w.fake.uploads).toEqual([]);
  });

  it("never sends the bot token to a host other than Slack's that a payload names", async () => {
    other = await foreignHost();
    const { port } = other;
    w = await SlackWorld.start({ driver });
    const t = await w.begin();
    const near = w.fake.file({ name: 'near.jpg', bytes: jpeg(), url: `http://127.0.0.1:${port}/files-pri/T0001-F1/near.jpg` });
    const far = w.fake.file({ name: 'far.jpg', bytes: jpeg(), url: 'https://files.slack.com.evil.example/files-pri/T0001-F2/far.jpg' });
    await w.say(t, '', { files: [near, far] });
    await w.fake.waitFor(() => /near\.jpg[\s\S]*far\.jpg/.test(toldPrivately()), 'both refusals');
    expect(toldPrivately()).toMatch(/I could not take near\.jpg:\*? it is not stored where I may fetch files from/);
    expect(other.hits()).toBe(0);
    await w.fake.quiet(200);
    expect((await w.app.desk.get(t.id))?.device.photos).toEqual([]);
    expect(w.replies(t).some((m) => /Label photo added|couldn't find/.test(textOf(m)))).toBe(false);
  });

  for (const failure of ['the upload URL', 'files.completeUploadExternal'] as const) {
    it(`tells the technician and support when ${failure} fails, and nothing else is lost`, async () => {
      w = await SlackWorld.start({ driver });
      const t = await w.submitted();
      const before = await w.app.desk.get(t.id);
      if (failure === 'the upload URL') w.fake.failUploadOnce(500);
      else w.fake.failOnce('files.completeUploadExternal', 'internal_error');
      const scan = pdf();
      await w.say(t, 'the invoice', { files: [w.fake.file({ name: 'invoice.pdf', mimetype: 'application/pdf', bytes: scan })] });
      await w.reply(t, /I could not pass your document invoice\.pdf to support\.\*? Please send it again in this thread/);
      await w.reply(w.cardThread(t.card), /The technician's document invoice\.pdf could not be copied into this thread/);
      await w.cardWhen(t, /Document:\*? invoice\.pdf \(could not be copied/);
      expect(w.fake.uploads).toEqual([]);
      const after = await w.app.desk.get(t.id);
      expect(after).toMatchObject({
        state: before!.state,
        challenge: before!.challenge,
        device: { ...before!.device, documents: [{ name: 'invoice.pdf', copy: 'failed' }] },
      });

      // Sent again, it arrives.
      await w.say(t, 'again', { files: [w.fake.file({ name: 'invoice.pdf', mimetype: 'application/pdf', bytes: scan })] });
      await w.cardWhen(t, /Document:\*? invoice\.pdf \(in this thread\)/);
      expect(w.fake.uploads.map((u) => [u.channel, u.thread_ts, u.bytes.equals(scan)])).toEqual([[SUPPORT, t.card.ts, true]]);
    });
  }
});
