// Slack's side of the file relay (../files.ts). Fetch: a file a technician shares (in the
// request's thread, or in the details form) is downloaded with the bot token, only from Slack's
// file hosts. Deliver: checked bytes, from Slack or Teams, are uploaded into the support card's
// thread with Slack's upload flow (files.getUploadURLExternal, a POST of the bytes,
// files.completeUploadExternal), so every agent of the channel can open them.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { Conversation, RequestFile } from '../../core/request.js';
import { type CheckedFile, type Fetched, type FileSide, MAX_FILE_BYTES, download } from '../files.js';

export { MAX_FILE_BYTES };

/**
 * Where Slack serves `url_private` and `url_private_download` (and its upload URLs):
 * files.slack.com for commercial Slack, files.slack-gov.com for GovSlack. Anything else a
 * payload names is never sent the bot token.
 */
export const SLACK_FILE_HOSTS: readonly string[] = ['files.slack.com', 'files.slack-gov.com'];

const TIMEOUT_MS = 30_000;

/** A file object as Slack puts it in a message event or a file_input's state. */
export const SlackFileObject = z.object({
  id: z.string().optional().catch(undefined),
  name: z.string().optional().catch(undefined),
  title: z.string().optional().catch(undefined),
  mimetype: z.string().optional().catch(undefined),
  size: z.number().optional().catch(undefined),
  permalink: z.string().optional().catch(undefined),
  url_private: z.string().optional().catch(undefined),
  url_private_download: z.string().optional().catch(undefined),
});
export type SlackFileObject = z.infer<typeof SlackFileObject>;

/** What the core keeps of a shared Slack file: its name and where to fetch it, to be copied. */
export function sharedFile(f: SlackFileObject): RequestFile | undefined {
  const url = f.url_private_download ?? f.url_private;
  if (!url) return undefined;
  const name = (f.title || f.name || '').trim();
  return name ? { url, name, copy: 'pending' } : { url, copy: 'pending' };
}

// The rule over bytes is shared by both platforms (../files.ts); these names stay importable here.
export { sniff, type FileType, type Fetched } from '../files.js';

export interface SlackFilesOptions {
  botToken: string;
  /** SLACK_API_URL: its host serves files too (tests, proxies). */
  apiUrl?: string;
  /** The Web API client for the two upload calls. */
  client: webApi.WebClient;
  maxBytes?: number;
  timeoutMs?: number;
}

export class SlackFiles implements FileSide {
  readonly maxBytes: number;
  private readonly token: string;
  private readonly apiOrigin: string | undefined;
  private readonly client: webApi.WebClient;
  private readonly timeoutMs: number;

  constructor(options: SlackFilesOptions) {
    this.token = options.botToken;
    this.apiOrigin = options.apiUrl ? new URL(options.apiUrl).origin : undefined;
    this.client = options.client;
    this.maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  }

  /** Slack's file hosts over https, or the configured API's own origin. */
  allowed(raw: string): boolean {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (this.apiOrigin && url.origin === this.apiOrigin) return true;
    return url.protocol === 'https:' && url.port === '' && SLACK_FILE_HOSTS.includes(url.hostname);
  }

  /**
   * Downloads a shared file with the bot token: from an allowed host only (also after a
   * redirect), at most `maxBytes` counted as the bytes arrive. The content is checked by the relay.
   */
  fetch(url: string): Promise<Fetched> {
    return download(url, {
      allowed: (url) => this.allowed(url),
      headers: () => ({ authorization: `Bearer ${this.token}` }),
      maxBytes: this.maxBytes,
      timeoutMs: this.timeoutMs,
    });
  }

  /** Into the thread of the support card, as a file every agent of the channel can open. */
  async deliver(card: Conversation, file: CheckedFile): Promise<void> {
    if (!card.thread) throw new Error('the Slack support card has no thread');
    await this.upload(file.bytes, file.name, card.channel, card.thread);
  }

  /** Slack takes any file the rule lets through. */
  shows(): boolean {
    return true;
  }

  /**
   * Uploads `bytes` as a reply in the thread `thread` of `channel` with Slack's upload flow;
   * throws when any step fails (nothing is shared then).
   */
  async upload(bytes: Buffer, name: string, channel: string, thread: string): Promise<void> {
    const got = await this.client.files.getUploadURLExternal({ filename: name, length: bytes.byteLength });
    if (!got.upload_url || !got.file_id) throw new Error('files.getUploadURLExternal returned no upload_url');
    if (!this.allowed(got.upload_url)) throw new Error('files.getUploadURLExternal returned an upload_url on an unexpected host');
    const posted = await fetch(got.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: bytes,
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await posted.body?.cancel();
    if (posted.status !== 200) throw new Error(`the upload URL answered ${posted.status}`);
    await this.client.files.completeUploadExternal({ files: [{ id: got.file_id, title: name }], channel_id: channel, thread_ts: thread });
  }
}
