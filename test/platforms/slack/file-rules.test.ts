// The rules a shared file passes before its bytes go to support, as tables: which hosts may be
// sent the bot token, and which first bytes make an image or a PDF (its name never does).

import { describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { SLACK_FILE_HOSTS, SlackFiles, sniff } from '../../../src/platforms/slack/files.js';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)));

describe('sniff: the type of a file from its first bytes', () => {
  it.each([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif'), 'jpeg'],
    ['PNG', bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a]), 'png'],
    ['GIF89a', bytes('GIF89a'), 'gif'],
    ['GIF87a', bytes('GIF87a'), 'gif'],
    ['WebP', bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 '), 'webp'],
    ['HEIC (iPhone)', bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]), 'heic'],
    ['HEIF (mif1)', bytes([0, 0, 0, 0x18], 'ftypmif1'), 'heic'],
    ['PDF', bytes('%PDF-1.7\n'), 'pdf'],
    ['a Windows program', bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0]), undefined],
    ['an HTML sign-in page', bytes('<!DOCTYPE html>'), undefined],
    ['RIFF that is a WAV', bytes('RIFF', [1, 2, 3, 4], 'WAVEfmt '), undefined],
    ['an MP4 video', bytes([0, 0, 0, 0x18], 'ftypisom'), undefined],
    ['truncated JPEG', bytes([0xff, 0xd8]), undefined],
    ['nothing', bytes(), undefined],
  ])('%s → %s', (_what, head, type) => {
    expect(sniff(head)).toBe(type);
  });
});

describe('allowed: where the bot token may be sent', () => {
  const client = new webApi.WebClient('xoxb-x');
  const plain = new SlackFiles({ botToken: 'xoxb-x', client });
  const proxied = new SlackFiles({ botToken: 'xoxb-x', client, apiUrl: 'http://127.0.0.1:4321/api/' });
  it.each([
    ['https://files.slack.com/files-pri/T1-F1/label.jpg', true, true],
    ['https://files.slack.com/files-pri/T1-F1/download/label.jpg', true, true],
    ['https://files.slack-gov.com/files-pri/T1-F1/label.jpg', true, true],
    ['http://files.slack.com/files-pri/T1-F1/label.jpg', false, false],
    ['https://files.slack.com:8443/files-pri/T1-F1/label.jpg', false, false],
    ['https://files.slack.com.evil.example/label.jpg', false, false],
    ['https://evil.example/?files.slack.com', false, false],
    ['https://user:pw@files.slack.com/label.jpg', false, false],
    ['https://slack.com/files-pri/T1-F1/label.jpg', false, false],
    ['http://127.0.0.1:4321/files-pri/T1-F1/label.jpg', false, true],
    ['http://127.0.0.1:4322/files-pri/T1-F1/label.jpg', false, false],
    ['not a url', false, false],
  ])('%s → %s (SLACK_API_URL on 127.0.0.1:4321: %s)', (url, byDefault, withApi) => {
    expect(plain.allowed(url)).toBe(byDefault);
    expect(proxied.allowed(url)).toBe(withApi);
  });
  it('names Slack file hosts only', () => {
    expect(SLACK_FILE_HOSTS).toEqual(['files.slack.com', 'files.slack-gov.com']);
  });
});
