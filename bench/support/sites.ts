// The site scenario of bench/timers.ts: open sites (one request, several cameras), each camera
// with its own code and clock, as a technician walking a site produces them: a site's codes a
// few seconds to a minute or so apart (some pasted together), the sites spread over a window.
// And the bookkeeping of what the technician was told: each camera warning's planned moment
// against the moment its site's message went out.

import { randomBytes } from 'node:crypto';
import type { Notice } from '../../src/core/notices.js';
import type { Camera, ResetRequest } from '../../src/core/request.js';

const CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789';
const pick = (n: number) => Array.from({ length: n }, () => CHARS[Math.floor(Math.random() * CHARS.length)]).join('');
const hex = () => randomBytes(1).toString('hex').toUpperCase();

/**
 * Gaps between one camera's code and the next on a site, for a site at most 2 minutes long
 * (`scale` 1): pasted together, a walk to the next camera, or a ladder to move.
 */
function nextGapMs(scale: number): number {
  const r = Math.random();
  if (r < 0.25) return 0;
  if (r < 0.85) return Math.round((2_000 + Math.random() * 13_000) * scale);
  return Math.round((30_000 + Math.random() * 45_000) * scale);
}

/**
 * Each camera's expiry: the first at `firstExpiresAt`, the others after their gaps; a site's
 * first to last code at most `maxSpanMs`, the gaps scaled with it (2 minutes: seconds to 75 s).
 */
export function siteExpiries(firstExpiresAt: number, cameras: number, maxSpanMs: number): number[] {
  const out = [firstExpiresAt];
  const scale = maxSpanMs / 120_000;
  for (let k = 1; k < cameras; k++) out.push(Math.min(firstExpiresAt + maxSpanMs, out[k - 1]! + nextGapMs(scale)));
  return out;
}

export function realisticSite(i: number, start: number, expiries: number[], validityMs: number): ResetRequest {
  const id = `CR-${pick(4).toUpperCase()}S${i}`;
  const createdAt = start - 40 * 60_000 + i;
  const ts = `${Math.floor(createdAt / 1000)}.${String(100000 + (i % 899999)).slice(0, 6)}`;
  const tech = { platform: 'slack' as const, id: `U0${pick(9).toUpperCase()}`, name: 'Tina Technician' };
  const agent = { platform: 'slack' as const, id: `U0${pick(9).toUpperCase()}`, name: 'Sam Support' };
  const claimed = i % 3 === 0;
  const cameras: Camera[] = expiries.map((expiresAt, k) => ({
    n: k + 1,
    model: ['NDE-5503-AL', 'NBN-80052-BA', 'MIC-7502-Z30B', 'NIN-73023-A10AS'][(i + k) % 4],
    mac: `00:07:5F:${hex()}:${hex()}:${hex()}`,
    firmware: ['7.80.0128', '6.51.0026', '9.00.0210'][(i + k) % 3],
    serial: `4047547340${String(i).padStart(4, '0')}${String(k).padStart(2, '0')}02`,
    challenge: { seq: 1, code: pick(32), receivedAt: expiresAt - validityMs, expiresAt },
    previousChallenges: [],
    state: 'open',
  }));
  return {
    id,
    state: claimed ? 'claimed' : 'awaiting_support',
    requester: tech,
    conversation: { platform: 'slack', channel: 'C07FIELDOPS', thread: ts },
    device: {
      photos: [1, 2].map((p) => ({
        url: `https://files.slack.com/files-pri/T0ABC/F0${pick(8).toUpperCase()}/label-${p}.jpg`,
        name: `label-${p}.jpg`,
      })),
      documents: [],
    },
    cameras,
    previousChallenges: [],
    supportCard: { platform: 'slack', channel: 'C07SUPPORT', thread: ts, message: ts },
    ...(claimed ? { claimedBy: agent } : {}),
    firedTimers: [],
    audit: [
      { at: createdAt, actor: `slack:${tech.id}`, action: 'opened' },
      ...cameras
        .slice(1)
        .map((c) => ({ at: createdAt + c.n * 1000, actor: `slack:${tech.id}`, action: 'camera_added', detail: String(c.n) })),
      { at: createdAt + 60_000, actor: `slack:${tech.id}`, action: 'submitted', detail: `${cameras.length} cameras` },
      ...(claimed ? [{ at: createdAt + 120_000, actor: `slack:${agent.id}`, action: 'claimed' }] : []),
    ],
    createdAt,
    updatedAt: createdAt + 60_000,
  };
}

interface SiteLog {
  expiries: number[];
  /** Per camera (index n-1): when each of its warnings went out, in order. */
  warnedAt: number[][];
  /** Cameras told to renew in the site's first message (their later warnings are not sent). */
  regenerate: Set<number>;
  expiredAt: Array<number | undefined>;
  messages: number;
  /** Each warning message: sent minus the earliest planned moment among the warnings it carries. */
  messageLateness: number[];
}

/** What the technicians of every site were told, against what was planned. */
export class SiteLedger {
  private readonly sites = new Map<string, SiteLog>();
  /** When each site's last change was committed (the desk's observer), to time what follows until its message. */
  private readonly committedAt = new Map<string, number>();
  /** Per warning message: from its timer's change committed to the message handed to the outbox. */
  readonly commitToMessage: number[] = [];
  constructor(private readonly warnBeforeMs: readonly number[]) {}

  add(request: ResetRequest): void {
    const expiries = (request.cameras ?? []).map((c) => c.challenge!.expiresAt);
    this.sites.set(request.id, {
      expiries,
      warnedAt: expiries.map(() => []),
      regenerate: new Set(),
      expiredAt: expiries.map(() => undefined),
      messages: 0,
      messageLateness: [],
    });
  }

  /** Camera n's k-th warning (0-based) is planned at its expiry minus the k-th offset. */
  private planned(site: SiteLog, n: number, k: number): number {
    return site.expiries[n - 1]! - (this.warnBeforeMs[Math.min(k, this.warnBeforeMs.length - 1)] ?? 0);
  }

  committed(request: ResetRequest, now: number): void {
    this.committedAt.set(request.id, now);
  }

  deliver(request: ResetRequest, notices: Notice[], now: number): void {
    const site = this.sites.get(request.id);
    if (!site) return;
    for (const n of notices) {
      if (n.audience !== 'requester') continue;
      if (n.kind === 'site_warning') {
        site.messages++;
        const committed = this.committedAt.get(request.id);
        if (committed !== undefined) this.commitToMessage.push(now - committed);
        let earliest = Number.POSITIVE_INFINITY;
        for (const c of n.cameras) {
          earliest = Math.min(earliest, this.planned(site, c, site.warnedAt[c - 1]!.length));
          site.warnedAt[c - 1]!.push(now);
          if (n.regenerate) site.regenerate.add(c);
        }
        site.messageLateness.push(now - earliest);
      } else if (n.kind === 'site_expired') {
        for (const c of [...n.cameras, ...n.afterPuk]) site.expiredAt[c - 1] ??= now;
      }
    }
  }

  /** Every camera warned as often as planned (once when told to renew) and every code's expiry said. */
  complete(): boolean {
    for (const site of this.sites.values()) {
      if (site.expiredAt.some((at) => at === undefined)) return false;
      for (let c = 1; c <= site.expiries.length; c++) if (site.warnedAt[c - 1]!.length < this.expected(site, c)) return false;
    }
    return true;
  }

  private expected(site: SiteLog, n: number): number {
    return site.regenerate.has(n) ? 1 : this.warnBeforeMs.length;
  }

  report() {
    const cameraLateness: number[] = [];
    const messageLateness: number[] = [];
    const expiryLateness: number[] = [];
    let planned = 0;
    let sent = 0;
    let missing = 0;
    let duplicates = 0;
    let early = 0;
    let regenerateSites = 0;
    let regenerateCameras = 0;
    let messages = 0;
    const messagesPerSite: number[] = [];
    for (const site of this.sites.values()) {
      messages += site.messages;
      messagesPerSite.push(site.messages);
      messageLateness.push(...site.messageLateness);
      if (site.regenerate.size) regenerateSites++;
      regenerateCameras += site.regenerate.size;
      site.expiredAt.forEach((at, i) => at !== undefined && expiryLateness.push(at - site.expiries[i]!));
      for (let c = 1; c <= site.expiries.length; c++) {
        const want = this.expected(site, c);
        const got = site.warnedAt[c - 1]!;
        planned += this.warnBeforeMs.length;
        sent += Math.min(got.length, want);
        missing += Math.max(0, want - got.length);
        duplicates += Math.max(0, got.length - want);
        got.slice(0, want).forEach((at, k) => {
          const late = at - this.planned(site, c, k);
          cameraLateness.push(late);
          if (late < 0) early++;
        });
      }
    }
    return {
      planned,
      sent,
      missing,
      duplicates,
      early,
      regenerateSites,
      regenerateCameras,
      messages,
      messagesPerSite,
      cameraLateness,
      messageLateness,
      expiryLateness,
    };
  }
}
