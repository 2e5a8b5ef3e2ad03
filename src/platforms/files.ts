// The one path a technician's file takes to support, whichever platforms are involved: the
// platform the file came from fetches its bytes (its `FileSide.fetch`), one shared rule checks
// them (an image or a PDF by its bytes, at most 10 MB; HEIC becomes JPEG), and the platform where
// the support card lives delivers them (its `FileSide.deliver`). Bytes stay in memory only: held
// from the check until the card's thread has them (an hour at most), then dropped.

import convertHeic from 'heic-convert';
import type { Logger } from 'pino';
import type { FileProblem } from '../core/copy.js';
import type { Desk } from '../core/desk.js';
import type { Conversation, RequestFile, ResetRequest } from '../core/request.js';

/** Slack's own limit for a file_input, and ours for any file a technician shares. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type FileType = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'pdf';

/** A file that passed the check: its bytes, what they are, and the name support sees. */
export interface CheckedFile {
  bytes: Buffer;
  type: Exclude<FileType, 'heic'>;
  name: string;
}

export type Fetched = { ok: true; bytes: Buffer; type: FileType } | { ok: false; problem: FileProblem };
export type Checked = { ok: true; file: CheckedFile } | { ok: false; problem: FileProblem };

/**
 * What a platform does with files. `fetch`: download a file shared on this platform (`url` is
 * where its bytes are, `from` the request's conversation there); hosts, tokens and size are the
 * side's to enforce, the content is checked here. `deliver`: put checked bytes into the support card's thread (`card`) on this
 * platform; throws when it could not. `shows`: the types its support channel can receive.
 */
export interface FileSide {
  fetch(url: string, from: Conversation): Promise<Fetched>;
  deliver(card: Conversation, file: CheckedFile, requestId: string): Promise<void>;
  shows(type: CheckedFile['type']): boolean;
}

/** Where the relay finds each platform's side, and the support platform of a request. */
export interface FileSides {
  side(platform: Conversation['platform']): FileSide | undefined;
  supportPlatform(request: ResetRequest): Conversation['platform'] | undefined;
}

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

/**
 * The shared rule, over bytes: an image or a PDF by its first bytes, never by its name; HEIC
 * (iPhone photos) converted to JPEG, since Teams cannot show it and not every agent's computer
 * can open it. A HEIC that does not decode is refused like any other non-image.
 */
export async function checkBytes(bytes: Buffer, name: string | undefined, maxBytes = MAX_FILE_BYTES): Promise<Checked> {
  if (bytes.byteLength > maxBytes) return { ok: false, problem: 'too_large' };
  const type = sniff(bytes.subarray(0, 16));
  if (!type) return { ok: false, problem: 'not_supported' };
  const base = name?.trim() || `file.${type === 'jpeg' ? 'jpg' : type}`;
  if (type !== 'heic') return { ok: true, file: { bytes, type, name: base } };
  try {
    const jpeg = Buffer.from(await convertHeic({ buffer: bytes, format: 'JPEG', quality: 0.9 }));
    return { ok: true, file: { bytes: jpeg, type: 'jpeg', name: `${base.replace(/\.(heic|heif)$/i, '')}.jpg` } };
  } catch {
    return { ok: false, problem: 'not_supported' };
  }
}

export interface DownloadOptions {
  /** Checked for the first URL and again after every redirect. */
  allowed(url: string): boolean;
  /** Headers for a URL (a token only for hosts that must have it). */
  headers?(url: string): Record<string, string> | Promise<Record<string, string>>;
  maxBytes?: number;
  timeoutMs?: number;
}

const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 30_000;

/**
 * Downloads a file: from an allowed host only (also after a redirect), at most `maxBytes`
 * counted as the bytes arrive (the download stops at the first byte past it).
 */
export async function download(url: string, options: DownloadOptions): Promise<Fetched> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  let at = url;
  for (let hop = 0; ; hop++) {
    if (!options.allowed(at)) return { ok: false, problem: 'not_from_platform' };
    let res: Response;
    try {
      const headers = (await options.headers?.(at)) ?? {};
      res = await fetch(at, { headers, redirect: 'manual', signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS) });
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
    return read(res.headers, res.body, maxBytes);
  }
}

// Fetch's body stream is typed loosely (`ReadableStream<any>`); a response body is bytes.
async function read(headers: Headers, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Fetched> {
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await body.cancel();
    return { ok: false, problem: 'too_large' };
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
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
 * A file as shared: what the request keeps (`file`), and where its bytes can be had right now
 * when that is another address (Teams' short-lived pre-authenticated link, never stored).
 */
export interface SharedFile {
  file: RequestFile;
  fetchUrl?: string;
}

/** A refused file, with why: the platform words it for the technician (copy.ts fileRefused). */
export interface Refused {
  file: RequestFile;
  problem: FileProblem;
}

/** How long checked bytes wait for the support card (a Teams download link lives only minutes). */
const HOLD_MS = 60 * 60_000;
/** At most this much held in one process; past it the oldest are dropped (and fetched again at delivery). */
const HOLD_MAX_BYTES = 100 * 1024 * 1024;

export interface FileRelayOptions {
  desk: Pick<Desk, 'get' | 'fileCopied' | 'now'>;
  sides: FileSides;
  logger: Pick<Logger, 'info' | 'warn'>;
  maxBytes?: number;
}

export class FileRelay {
  readonly maxBytes: number;
  /** Checked bytes by file URL, until delivered. Memory only: a restart fetches again. */
  private readonly held = new Map<string, { file: CheckedFile; at: number }>();
  /** Requests whose files are being copied now: one copier per request, in this process. */
  private readonly copying = new Set<string>();

  constructor(private readonly options: FileRelayOptions) {
    this.maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  }

  /**
   * Fetches and checks the files of a message at once, before anything changes: those taken go
   * to the desk (marked to be copied, named as support will see them), each refused one comes
   * back with why. A type the support side cannot receive (a PDF for a Teams support channel) is
   * refused now, while the technician can still send a photo instead.
   */
  async check(request: ResetRequest, files: Array<RequestFile | SharedFile>): Promise<{ taken: RequestFile[]; refused: Refused[] }> {
    const taken: RequestFile[] = [];
    const refused: Refused[] = [];
    const source = this.options.sides.side(request.conversation.platform);
    const supportPlatform = this.options.sides.supportPlatform(request);
    const target = supportPlatform ? this.options.sides.side(supportPlatform) : undefined;
    for (const shared of files) {
      const { file, fetchUrl } = 'file' in shared ? shared : { file: shared, fetchUrl: undefined };
      const checked = source
        ? await this.fetchChecked(file, request.conversation, fetchUrl)
        : ({ ok: false, problem: 'unreachable' } as const);
      if (!checked.ok) {
        refused.push({ file, problem: checked.problem });
        continue;
      }
      if (target && !target.shows(checked.file.type)) {
        refused.push({ file, problem: 'not_shown_there' });
        continue;
      }
      this.hold(file.url, checked.file);
      // The name support sees: the technician's, with .jpg once a HEIC became a JPEG.
      taken.push(file.name ? { ...file, name: checked.file.name, copy: 'pending' } : { ...file, copy: 'pending' });
    }
    return { taken, refused };
  }

  /**
   * Copies every file still pending into the support card's thread, one at a time, and tells the
   * desk how each went (the card then names it; a failure is told to the technician and to
   * support). Re-reads the request after each file, so files shared meanwhile are copied too; a
   * file is tried once per run, and its bytes are dropped once it is through.
   */
  async copy(id: string): Promise<void> {
    if (this.copying.has(id)) return;
    this.copying.add(id);
    const tried = new Set<string>();
    try {
      for (;;) {
        const current = await this.options.desk.get(id);
        const card = current?.supportCard;
        if (!current || !card?.thread) return;
        const next = [...current.device.photos, ...current.device.documents].find((p) => p.copy === 'pending' && !tried.has(p.url));
        if (!next) return;
        tried.add(next.url);
        const ok = await this.copyOne(current, next, card);
        await this.options.desk.fileCopied(id, next.url, ok);
      }
    } finally {
      this.copying.delete(id);
    }
  }

  private async copyOne(request: ResetRequest, file: RequestFile, card: Conversation): Promise<boolean> {
    const target = this.options.sides.side(card.platform);
    if (!target) return false;
    let checked: Checked;
    const held = this.take(file.url);
    if (held) checked = { ok: true, file: held };
    else checked = await this.fetchChecked(file, request.conversation);
    if (!checked.ok) {
      this.options.logger.warn({ requestId: request.id, problem: checked.problem }, 'shared file could not be downloaded for support');
      return false;
    }
    try {
      await target.deliver(card, checked.file, request.id);
      return true;
    } catch (err) {
      this.options.logger.warn(
        { requestId: request.id, platform: card.platform, error: errorCode(err) },
        'shared file could not be delivered to the support thread',
      );
      return false;
    }
  }

  private async fetchChecked(file: RequestFile, from: Conversation, fetchUrl?: string): Promise<Checked> {
    const source = this.options.sides.side(from.platform);
    if (!source) return { ok: false, problem: 'unreachable' };
    const fetched = await source.fetch(fetchUrl ?? file.url, from);
    if (!fetched.ok) return fetched;
    return checkBytes(fetched.bytes, file.name, this.maxBytes);
  }

  private hold(url: string, file: CheckedFile): void {
    const now = this.options.desk.now();
    this.held.delete(url);
    this.held.set(url, { file, at: now });
    let total = 0;
    for (const h of this.held.values()) total += h.file.bytes.byteLength;
    for (const [key, h] of this.held) {
      if (total <= HOLD_MAX_BYTES && now - h.at <= HOLD_MS) continue;
      this.held.delete(key);
      total -= h.file.bytes.byteLength;
    }
  }

  private take(url: string): CheckedFile | undefined {
    const h = this.held.get(url);
    this.held.delete(url);
    return h && this.options.desk.now() - h.at <= HOLD_MS ? h.file : undefined;
  }
}

/** A Slack error code, else the message: what a log line may say of a failed call. */
function errorCode(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (typeof data?.error === 'string') return data.error;
  return err instanceof Error ? err.message : String(err);
}
