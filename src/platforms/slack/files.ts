// Files a technician shares (in the request's thread, or in the details form), moved into the
// support card's thread so every agent can open them: downloaded with the bot token, only from
// Slack's file hosts, checked by their bytes (not their name), then uploaded with Slack's
// upload flow (files.getUploadURLExternal, a POST of the bytes, files.completeUploadExternal).
// Bytes live in memory for one copy and are never kept.

import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import type { FileProblem } from '../../core/copy.js';
import type { Photo } from '../../core/request.js';

/** Slack's own limit for a file_input, and ours for anything shared in the thread. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Where Slack serves `url_private` and `url_private_download` (and its upload URLs):
 * files.slack.com for commercial Slack, files.slack-gov.com for GovSlack. Anything else a
 * payload names is never sent the bot token.
 */
export const SLACK_FILE_HOSTS: readonly string[] = ['files.slack.com', 'files.slack-gov.com'];

const MAX_REDIRECTS = 3;
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
export function sharedFile(f: SlackFileObject): Photo | undefined {
  const url = f.url_private_download ?? f.url_private;
  if (!url) return undefined;
  const name = (f.title || f.name || '').trim();
  return name ? { url, name, copy: 'pending' } : { url, copy: 'pending' };
}

export type FileType = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'pdf';

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);
const ascii = (b: Uint8Array, from: number, to: number): string => String.fromCharCode(...b.subarray(from, to));

/** The file's type from its first bytes (magic numbers); undefined for anything else. */
export function sniff(head: Uint8Array): FileType | undefined {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => head[i] === v)) return 'png';
  if (head.length >= 6 && (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a')) return 'gif';
  if (head.length >= 12 && ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (head.length >= 12 && ascii(head, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(head, 8, 12))) return 'heic';
  if (head.length >= 5 && ascii(head, 0, 5) === '%PDF-') return 'pdf';
  return undefined;
}

export type Fetched = { ok: true; bytes: Buffer; type: FileType } | { ok: false; problem: FileProblem };

export interface SlackFilesOptions {
  botToken: string;
  /** SLACK_API_URL: its host serves files too (tests, proxies). */
  apiUrl?: string;
  /** The Web API client for the two upload calls. */
  client: webApi.WebClient;
  maxBytes?: number;
  timeoutMs?: number;
}

export class SlackFiles {
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
   * Downloads a shared file with the bot token and checks it: from an allowed host only (also
   * after a redirect), at most `maxBytes` counted as the bytes arrive (the download stops at
   * the first byte past it), and an image or PDF by its bytes.
   */
  async fetch(url: string): Promise<Fetched> {
    let at = url;
    for (let hop = 0; ; hop++) {
      if (!this.allowed(at)) return { ok: false, problem: 'not_from_platform' };
      let res: Response;
      try {
        res = await fetch(at, { headers: { authorization: `Bearer ${this.token}` }, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      } catch {
        return { ok: false, problem: 'unreachable' };
      }
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel();
        const location = res.headers.get('location');
        if (!location || hop >= MAX_REDIRECTS) return { ok: false, problem: 'unreachable' };
        at = new URL(location, at).toString();
        continue;
      }
      if (!res.ok || !res.body) {
        await res.body?.cancel();
        return { ok: false, problem: 'unreachable' };
      }
      return this.read(res);
    }
  }

  private async read(res: Response): Promise<Fetched> {
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      await res.body!.cancel();
      return { ok: false, problem: 'too_large' };
    }
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > this.maxBytes) {
          await reader.cancel();
          return { ok: false, problem: 'too_large' };
        }
        chunks.push(value);
      }
    } catch {
      return { ok: false, problem: 'unreachable' };
    }
    const bytes = Buffer.concat(chunks);
    const type = sniff(bytes.subarray(0, 16));
    return type ? { ok: true, bytes, type } : { ok: false, problem: 'not_supported' };
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
