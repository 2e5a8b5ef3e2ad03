// The rules a file sent in Teams passes, as tables: which attachments are files (and where their
// bytes are fetched), which hosts are fetched from and which are sent the bot's token (never
// SharePoint), and how an image is fitted to a Teams message. Also the shared rule over bytes.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkBytes } from '../../../src/platforms/files.js';
import { FILE_DOWNLOAD_INFO, TEAMS_IMAGE_MAX_BYTES, TeamsFiles, fitForTeams, sharedFilesOf } from '../../../src/platforms/teams/files.js';
import type { Messenger } from '../../../src/platforms/teams/messenger.js';
import { ServiceUrlAllowlist } from '../../../src/platforms/teams/service-urls.js';
import { exe, jpeg, photo, smallPng } from '../../support/files.js';

afterEach(() => vi.restoreAllMocks());

/** The address fetch was called with, whichever of its three input forms the code used. */
const urlOf = (input: string | URL | Request): string =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

describe('sharedFilesOf: the files on a Teams message', () => {
  const download = 'https://contoso-my.sharepoint.com/personal/t/_layouts/15/download.aspx?UniqueId=1&tempauth=SECRET';
  it.each([
    [
      'a pasted image',
      { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/emea/v3/attachments/0-1/views/original' },
      'https://smba.trafficmanager.net/emea/v3/attachments/0-1/views/original',
      'files',
    ],
    [
      'a file in the 1:1 chat',
      {
        contentType: FILE_DOWNLOAD_INFO,
        contentUrl: 'https://contoso-my.sharepoint.com/personal/t/Documents/a.jpg',
        name: 'a.jpg',
        content: { downloadUrl: download, fileType: 'jpg' },
      },
      download,
      'files',
    ],
    [
      'a file attached in a channel',
      { contentType: 'reference', contentUrl: 'https://contoso.sharepoint.com/sites/field/Shared Documents/a.jpg', name: 'a.jpg' },
      undefined,
      'unreachable',
    ],
    [
      'a file.download.info without a downloadUrl',
      { contentType: FILE_DOWNLOAD_INFO, contentUrl: 'https://contoso-my.sharepoint.com/a.jpg', name: 'a.jpg' },
      undefined,
      'unreachable',
    ],
  ] as const)('%s', (_what, attachment, fetchFrom, where) => {
    const shared = sharedFilesOf([attachment, { contentType: 'text/html', content: '<p><img src="x"></p>' }]);
    if (where === 'files') {
      expect(shared.files).toHaveLength(1);
      expect(shared.files[0]!.fetchUrl ?? shared.files[0]!.file.url).toBe(fetchFrom);
      // What the request keeps is never the pre-authenticated link.
      expect(shared.files[0]!.file.url).not.toContain('tempauth');
    } else {
      expect(shared.files).toEqual([]);
      expect(shared.unreachable).toHaveLength(1);
    }
  });
});

describe('TeamsFiles.fetch: hosts and tokens', () => {
  const messenger = { connectorToken: async () => 'BOT-TOKEN' } as unknown as Messenger;
  const from = {
    platform: 'teams' as const,
    channel: 'a:1',
    reference: { serviceUrl: 'https://smba.trafficmanager.net/emea/', conversation: { id: 'a:1' } },
  };
  it.each([
    ['https://smba.trafficmanager.net/emea/v3/attachments/0-1/views/original', true, 'Bearer BOT-TOKEN'],
    ['https://contoso-my.sharepoint.com/personal/t/_layouts/15/download.aspx?tempauth=x', true, undefined],
    ['https://contoso.sharepoint.com.evil.example/a.jpg', false, undefined],
    ['https://sharepoint.com/a.jpg', false, undefined],
    ['http://contoso-my.sharepoint.com/a.jpg', false, undefined],
    ['https://us-api.asm.skype.com/v1/objects/0-1/views/imgo', false, undefined],
    ['https://evil.example/smba.trafficmanager.net/a.jpg', false, undefined],
  ])('%s → fetched: %s, Authorization: %s', async (url, fetched, authorization) => {
    const calls: Array<{ url: string; authorization: string | undefined }> = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      calls.push({ url: urlOf(input), authorization: new Headers(init?.headers).get('authorization') ?? undefined });
      return new Response(jpeg(2000));
    });
    const files = new TeamsFiles({ messenger, allowlist: new ServiceUrlAllowlist(), supportLanguage: 'en' });
    const result = await files.fetch(url, from);
    expect(result.ok).toBe(fetched);
    if (!fetched) expect(result).toEqual({ ok: false, problem: 'not_from_platform' });
    expect(calls).toEqual(fetched ? [{ url, authorization }] : []);
  });

  it("in local mode fetches only from the serviceUrl's own host, with no token", async () => {
    const calls: string[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => (calls.push(urlOf(input)), new Response(jpeg(2000))));
    const files = new TeamsFiles({ messenger, supportLanguage: 'en' });
    const local = {
      platform: 'teams' as const,
      channel: 'a:1',
      reference: { serviceUrl: 'http://127.0.0.1:3978/', conversation: { id: 'a:1' } },
    };
    expect((await files.fetch('http://127.0.0.1:3978/v3/attachments/1/views/original', local)).ok).toBe(true);
    expect(await files.fetch('http://127.0.0.1:3979/v3/attachments/1/views/original', local)).toEqual({
      ok: false,
      problem: 'not_from_platform',
    });
    expect(calls).toEqual(['http://127.0.0.1:3978/v3/attachments/1/views/original']);
  });
});

describe('checkBytes: the shared rule over bytes', () => {
  it('takes an image or a PDF by its bytes, refuses the rest and anything over 10 MB', async () => {
    expect(await checkBytes(jpeg(), 'label.jpg')).toMatchObject({ ok: true, file: { type: 'jpeg', name: 'label.jpg' } });
    expect(await checkBytes(exe(), 'label.jpg')).toEqual({ ok: false, problem: 'not_supported' });
    expect(await checkBytes(jpeg(11 * 1024 * 1024), 'big.jpg')).toEqual({ ok: false, problem: 'too_large' });
  });
  it('refuses a file that says it is HEIC but does not decode', async () => {
    const fake = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(2000, 7)]);
    expect(await checkBytes(fake, 'IMG_1.HEIC')).toEqual({ ok: false, problem: 'not_supported' });
  });
});

describe('fitForTeams: an image as a Teams message can carry it', () => {
  it('keeps a small JPEG or PNG as it is', async () => {
    const png = await smallPng();
    const fitted = await fitForTeams({ bytes: png, type: 'png', name: 'label.png' });
    expect(fitted).toEqual({ bytes: png, contentType: 'image/png', name: 'label.png' });
  });
  it('shrinks a phone-sized photo into 1024×1024 and 64 KB, and says from what to what', async () => {
    const big = await photo(1800, 1200);
    const fitted = await fitForTeams({ bytes: big, type: 'jpeg', name: 'IMG_0042.jpeg' });
    expect(fitted.contentType).toBe('image/jpeg');
    expect(fitted.name).toBe('IMG_0042.jpg');
    expect(fitted.bytes.byteLength).toBeLessThanOrEqual(TEAMS_IMAGE_MAX_BYTES);
    expect(fitted.reduced?.from).toEqual([1800, 1200]);
    expect(Math.max(...fitted.reduced!.to)).toBeLessThanOrEqual(1024);
  });
  it('throws on bytes that only look like an image (the copy is then reported as failed)', async () => {
    await expect(fitForTeams({ bytes: jpeg(), type: 'jpeg', name: 'x.jpg' })).rejects.toThrow();
  });
});
