// The bot's durable address book in the key-value store: the 1:1 chat it has with each person, and the
// team (service URL, team id, tenant) behind the support channel. Proactive messages need these
// after a restart, so they live in the store (memory or Redis), never only in memory. What is
// written here comes only from activities that passed authentication and admission.

import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { KeyValueStore } from '../../core/ports.js';
import { asReference, storedReference } from './ids.js';

const TeamPlace = z.object({
  serviceUrl: z.url(),
  teamId: z.string().min(1),
  tenantId: z.string().optional(),
});
export type TeamPlace = z.infer<typeof TeamPlace>;

const personalKey = (userId: string) => `teams:personal:${userId}`;
const channelKey = (channelId: string) => `teams:channel:${channelId}`;
const siteListKey = (requestId: string) => `teams:site-list:${requestId}`;

export class AddressBook {
  constructor(private readonly store: KeyValueStore) {}

  /** The 1:1 chat with a person, keyed by their AAD object id (or Bot Framework id). */
  async personal(userId: string): Promise<Partial<ConversationReference> | undefined> {
    return this.readReference(personalKey(userId));
  }

  async rememberPersonal(userId: string, reference: Partial<ConversationReference>): Promise<void> {
    await this.store.set(personalKey(userId), JSON.stringify(storedReference(reference)));
  }

  /** The team a channel belongs to, as learned from an installation naming it or traffic in it. */
  async channel(channelId: string): Promise<TeamPlace | undefined> {
    return (await this.readPlace(channelKey(channelId))) ?? undefined;
  }

  async rememberChannel(channelId: string, place: TeamPlace): Promise<void> {
    await this.store.set(channelKey(channelId), JSON.stringify(place));
  }

  /** The message in a site card's thread that lists every camera (posted once, then updated). */
  async siteList(requestId: string): Promise<string | undefined> {
    return (await this.store.get(siteListKey(requestId))) || undefined;
  }

  async rememberSiteList(requestId: string, activityId: string): Promise<void> {
    await this.store.set(siteListKey(requestId), activityId);
  }

  private async readReference(key: string): Promise<Partial<ConversationReference> | undefined> {
    const raw = await this.store.get(key);
    return raw ? parseReference(raw) : undefined;
  }

  private async readPlace(key: string): Promise<TeamPlace | undefined> {
    const raw = await this.store.get(key);
    return raw ? parsePlace(raw) : undefined;
  }
}

/** A stored 1:1 chat reference; undefined when the stored text is not one (the chat is then unknown). */
export function parseReference(raw: string): Partial<ConversationReference> | undefined {
  try {
    return asReference(JSON.parse(raw) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

/** A stored team place; undefined when the stored text is not one (the channel is then unknown). */
export function parsePlace(raw: string): TeamPlace | undefined {
  try {
    const parsed = TeamPlace.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
