// Teams' side of the file relay (../files.ts). Fetch: a file a technician sends the bot — in a
// 1:1 chat a `file.download.info` attachment, fetched from its pre-authenticated `downloadUrl` on
// SharePoint/OneDrive (no token goes there); a pasted image, fetched from the Bot Connector
// with the bot's token, only from Microsoft's connector hosts (TEAMS_SERVICE_URL_ALLOWLIST when
// set), or in local mode from the `serviceUrl`'s own host. Deliver: into the support card's reply
// chain, an image as an inline `data:` attachment (no Graph permission needed), shrunk to what a
// bot message may carry; Teams gives a bot no way to put a PDF in a channel without Graph, so a
// Teams support channel takes images only (the relay refuses a PDF as it is sent).

import type { Attachment } from 'botbuilder';
import sharp from 'sharp';
import { z } from 'zod';
import { fileCaption } from '../../core/copy.js';
import type { Conversation, RequestFile } from '../../core/request.js';
import { type CheckedFile, type Fetched, type FileSide, type SharedFile, MAX_FILE_BYTES, download } from '../files.js';
import { noticeCard } from './cards.js';
import { asReference } from './ids.js';
import type { Messenger } from './messenger.js';
import type { ServiceUrlAllowlist } from './service-urls.js';
import type { Locale } from '../../core/i18n/locale.js';

/**
 * Where `downloadUrl`s of files sent in a 1:1 chat point: the sender's OneDrive for Business
 * (`<tenant>-my.sharepoint.com`) on SharePoint Online. Microsoft documents bot file transfer
 * for the commercial cloud only (not GCC High, DoD or 21Vianet), so no other suffix is taken.
 */
export const SHAREPOINT_HOST_SUFFIX = '.sharepoint.com';

/**
 * Microsoft's limits for what a bot posts (learn.microsoft.com, "Format your bot messages"):
 * a message of at most 100 KB, an inline image of at most 1024×1024 pixels. The base64 of
 * 64 KB is 87 KB, which leaves room for the caption card and the envelope.
 */
export const TEAMS_IMAGE_MAX_SIDE = 1024;
export const TEAMS_IMAGE_MAX_BYTES = 64 * 1024;

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

export interface TeamsFilesOptions {
  messenger: Messenger;
  /** Signed mode: the connector hosts a pasted image may come from. Unset: local mode. */
  allowlist?: ServiceUrlAllowlist;
  maxBytes?: number;
  timeoutMs?: number;
  /** SUPPORT_LANGUAGE: the caption over a file is read in the support card's thread. */
  supportLanguage: Locale;
}

export class TeamsFiles implements FileSide {
  constructor(private readonly options: TeamsFilesOptions) {}

  async fetch(url: string, from: Conversation): Promise<Fetched> {
    const reference = asReference(from.reference);
    const local = this.options.allowlist ? undefined : origin(reference?.serviceUrl);
    const connector = (u: string) => (this.options.allowlist ? this.options.allowlist.allows(u) : !!local && origin(u) === local);
    // Fetched only when a hop of the download goes to the connector, never for SharePoint.
    let token: Promise<string | undefined> | undefined;
    return download(url, {
      allowed: (u) => connector(u) || onSharePoint(u),
      headers: async (u): Promise<Record<string, string>> => {
        if (!connector(u) || !reference) return {};
        token ??= this.options.messenger.connectorToken(reference);
        const t = await token;
        return t ? { authorization: `Bearer ${t}` } : {};
      },
      maxBytes: this.options.maxBytes ?? MAX_FILE_BYTES,
      ...(this.options.timeoutMs !== undefined ? { timeoutMs: this.options.timeoutMs } : {}),
    });
  }

  async deliver(card: Conversation, file: CheckedFile): Promise<void> {
    const reference = asReference(card.reference);
    if (!reference) throw new Error('the Teams support card has no conversation reference');
    const fitted = await fitForTeams(file);
    const image: Attachment = {
      contentType: fitted.contentType,
      contentUrl: `data:${fitted.contentType};base64,${fitted.bytes.toString('base64')}`,
      name: fitted.name,
    };
    await this.options.messenger.send(
      reference,
      noticeCard(fileCaption(fitted.name, fitted.reduced, this.options.supportLanguage), { requestId: '', card: 'notice' }),
      [image],
    );
  }

  /** Images only: a bot cannot attach a PDF in a channel without Microsoft Graph. */
  shows(type: CheckedFile['type']): boolean {
    return type !== 'pdf';
  }
}

export interface FittedImage {
  bytes: Buffer;
  contentType: 'image/jpeg' | 'image/png';
  name: string;
  reduced?: { from: [number, number]; to: [number, number] };
}

/**
 * The image as a Teams message can carry it: a JPEG or PNG already within the limits as is;
 * anything else (larger, GIF, WebP) turned upright, fitted inside 1024×1024 and re-encoded as
 * JPEG, smaller and at lower quality until it fits. Throws on bytes that do not decode.
 */
export async function fitForTeams(file: CheckedFile): Promise<FittedImage> {
  const meta = await sharp(file.bytes).metadata();
  // sharp (0.34) always reports the size after EXIF orientation; 0 means the size is unknown.
  const { width, height } = meta.autoOrient;
  if (!width || !height) throw new Error('the image has no size');
  const within = width <= TEAMS_IMAGE_MAX_SIDE && height <= TEAMS_IMAGE_MAX_SIDE && file.bytes.byteLength <= TEAMS_IMAGE_MAX_BYTES;
  if (within && (file.type === 'jpeg' || file.type === 'png'))
    return { bytes: file.bytes, contentType: file.type === 'jpeg' ? 'image/jpeg' : 'image/png', name: file.name };
  const name = `${file.name.replace(/\.[a-z0-9]{1,5}$/i, '')}.jpg`;
  for (const side of [1024, 800, 640, 480, 360]) {
    for (const quality of [80, 65, 50]) {
      const out = await sharp(file.bytes, { animated: false })
        .rotate()
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      if (out.data.byteLength > TEAMS_IMAGE_MAX_BYTES) continue;
      const to: [number, number] = [out.info.width, out.info.height];
      const reduced = to[0] !== width || to[1] !== height ? { from: [width, height] as [number, number], to } : undefined;
      return { bytes: out.data, contentType: 'image/jpeg', name, ...(reduced ? { reduced } : {}) };
    }
  }
  throw new Error('the image does not fit a Teams message even at 360 pixels');
}

const Attached = z.object({
  contentType: z.string().optional().catch(undefined),
  contentUrl: z.string().optional().catch(undefined),
  name: z.string().optional().catch(undefined),
  content: z
    .looseObject({ downloadUrl: z.string().optional().catch(undefined) })
    .optional()
    .catch(undefined),
});

/** What a message's attachments hold for support: files to fetch, and files Teams will not let a bot open. */
export interface TeamsShared {
  files: SharedFile[];
  /** Files attached in a channel (`reference`): a bot cannot download those without Graph. */
  unreachable: RequestFile[];
}

/**
 * Reads the files on a message as Microsoft documents them: a `file.download.info` attachment
 * (1:1 chat: the file is kept at its `contentUrl`, its bytes fetched now from `downloadUrl`, a
 * short-lived pre-authenticated link that is never stored), a pasted `image/*` (its `contentUrl`
 * on the connector), a `reference` (a file attached in a channel). The `text/html` copy of a
 * pasted image and cards are not files.
 */
export function sharedFilesOf(attachments: unknown): TeamsShared {
  const files: SharedFile[] = [];
  const unreachable: RequestFile[] = [];
  // Bot Framework is trusted to send an array of objects, but a turn must not die on one that is not.
  for (const raw of Array.isArray(attachments) ? (attachments as unknown[]) : []) {
    const att = Attached.safeParse(raw);
    if (!att.success) continue;
    const { contentUrl: url, contentType, name: rawName, content } = att.data;
    if (!url || !isHttp(url)) continue;
    const name = rawName?.trim();
    const file: RequestFile = name ? { url, name } : { url };
    if (contentType === FILE_DOWNLOAD_INFO) {
      const fetchUrl = content?.downloadUrl;
      if (fetchUrl && isHttp(fetchUrl)) files.push({ file, fetchUrl });
      else unreachable.push(file);
    } else if (contentType === 'reference') unreachable.push(file);
    else if (contentType?.startsWith('image/')) files.push({ file });
  }
  return { files, unreachable };
}

const isHttp = (url: string): boolean => /^https?:\/\//i.test(url);

function origin(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** A SharePoint Online host over https on the default port, with no credentials in the URL. */
function onSharePoint(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  return (
    url.protocol === 'https:' &&
    url.port === '' &&
    !url.username &&
    !url.password &&
    url.hostname.endsWith(SHAREPOINT_HOST_SUFFIX) &&
    url.hostname.length > SHAREPOINT_HOST_SUFFIX.length
  );
}
