// Each person's time zone, as their Teams client reports it with every message and button
// press (`localTimezone`, an IANA name such as "Europe/Berlin"), kept in the key-value store so that what
// the bot says later (a timer's warning, the PUK) shows times on the reader's own clock.

import type { Activity } from 'botbuilder';
import type { KeyValueStore } from '../../core/ports.js';

const key = (userId: string) => `teams:timezone:${userId}`;

/** True for a zone name this process can format times in. */
export function isTimeZone(name: string): boolean {
  if (!name || name.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The sender's time zone: the activity's `localTimezone`, else the `clientInfo` entity's
 * `timezone` (Teams sends both; Bot Framework clients may send only one). Undefined when
 * neither names a zone this process knows.
 */
export function timeZoneOf(activity: Partial<Pick<Activity, 'localTimezone' | 'entities'>>): string | undefined {
  const candidates: unknown[] = [activity.localTimezone];
  const entities: unknown[] = Array.isArray(activity.entities) ? activity.entities : [];
  for (const e of entities)
    if ((e as { type?: unknown } | null)?.type === 'clientInfo') candidates.push((e as { timezone?: unknown }).timezone);
  for (const c of candidates) if (typeof c === 'string' && isTimeZone(c.trim())) return c.trim();
  return undefined;
}

/**
 * The zones people's clients reported, in the key-value store. A zone only changes how a time reads, so a
 * store that cannot answer makes it unknown (times then read in UTC) rather than holding up
 * what is being said, the PUK included.
 */
export class TimeZones {
  constructor(private readonly store: KeyValueStore) {}

  /** The zone the person's client last reported, if known. */
  async of(userId: string): Promise<string | undefined> {
    const zone = await this.store.get(key(userId)).catch(() => undefined);
    return zone && isTimeZone(zone) ? zone : undefined;
  }

  async remember(userId: string, zone: string): Promise<void> {
    if (isTimeZone(zone)) await this.store.set(key(userId), zone).catch(() => undefined);
  }
}
