// Routes each notice to the platform that must show it: the technician's notices to the
// platform they started on, support notices to the platform whose support channel holds (or
// will hold) the card. This is what lets a Teams request be answered from Slack. Once a card
// is posted or updated, the files still to be copied go to its thread (files.ts), from
// whichever platform they were shared on.

import type { Outbox } from '../core/ports.js';
import type { Notice } from '../core/notices.js';
import type { Platform, ResetRequest } from '../core/request.js';
import type { Surface } from './contract.js';
import type { FileRelay, FileSide, FileSides } from './files.js';

export interface RouterLogger {
  error(obj: object, msg?: string): void;
}

export class NoticeRouter implements Outbox, FileSides {
  private readonly surfaces = new Map<Platform, Surface>();
  /** Set once the desk exists (app.ts): copies files into the card's thread after each card notice. */
  files: FileRelay | undefined;
  constructor(private readonly log: RouterLogger) {}

  side(platform: Platform): FileSide | undefined {
    return this.surfaces.get(platform)?.files;
  }

  supportPlatform(request: ResetRequest): Platform | undefined {
    return this.supportSurface(request)?.platform;
  }

  add(surface: Surface): void {
    this.surfaces.set(surface.platform, surface);
  }

  supportSurface(request: ResetRequest): Surface | undefined {
    if (request.supportCard) return this.surfaces.get(request.supportCard.platform);
    const own = this.surfaces.get(request.conversation.platform);
    if (own?.hasSupportChannel) return own;
    return [...this.surfaces.values()].find((s) => s.hasSupportChannel);
  }

  async deliver(request: ResetRequest, notices: Notice[]): Promise<void> {
    // In order: the PUK goes out before the note that says it was sent.
    for (const notice of notices) {
      const toSupport = notice.audience === 'support' || notice.audience === 'card';
      const surface = toSupport ? this.supportSurface(request) : this.surfaces.get(request.conversation.platform);
      if (!surface) {
        this.log.error({ requestId: request.id, kind: notice.kind, audience: notice.audience }, 'no platform can deliver this notice');
        continue;
      }
      if (toSupport) {
        await surface.toSupport(request, notice);
        if (notice.kind === 'card') await this.files?.copy(request.id);
      } else await surface.toRequester(request, notice);
    }
  }
}
