// Teams identities <-> core identities: who acted (the AAD object id, which is what
// TEAMS_SUPPORT_AGENTS lists), and where a conversation lives (chat, or channel + reply chain).

import type { Activity, ConversationReference } from 'botbuilder';
import type { Actor, Conversation } from '../../core/request.js';

/** A channel conversation id names its reply chain with `;messageid=<root activity id>`. */
const THREAD_SUFFIX = /;messageid=([^;]+)$/;

export function actorOf(activity: Pick<Activity, 'from'>): Actor {
  const from = activity.from;
  const actor: Actor = { platform: 'teams', id: from.aadObjectId || from.id };
  if (from.name) actor.name = from.name;
  return actor;
}

export function isPersonal(activity: Pick<Activity, 'conversation'>): boolean {
  return (
    activity.conversation.conversationType === 'personal' || (!activity.conversation.isGroup && !activity.conversation.conversationType)
  );
}

export function splitThread(conversationId: string): { base: string; thread?: string } {
  const m = THREAD_SUFFIX.exec(conversationId);
  const thread = m?.[1];
  if (!m || thread === undefined) return { base: conversationId };
  return { base: conversationId.slice(0, m.index), thread };
}

export function threadConversationId(base: string, thread: string): string {
  return `${base};messageid=${thread}`;
}

/**
 * Where this activity's conversation lives for the core. In a channel it is the reply chain
 * (the root message's id; a root post is its own root); in a chat the chat itself.
 */
export function conversationOf(
  activity: Partial<Activity> & Pick<Activity, 'conversation'>,
  reference: Partial<ConversationReference>,
): Conversation {
  // Without the incoming message's id, later messages are posted to the chat or thread, not as replies to it.
  const { activityId: _incoming, ...rest } = reference;
  if (isPersonal(activity) || activity.conversation.conversationType === 'groupChat') {
    return { platform: 'teams', channel: activity.conversation.id, reference: storedReference(rest) };
  }
  const { base, thread } = splitThread(activity.conversation.id);
  const root = thread ?? activity.replyToId ?? activity.id ?? '';
  // The reference's conversation is a copy of the activity's (TurnContext.getConversationReference).
  const conversation = reference.conversation ?? activity.conversation;
  const ref = { ...rest, conversation: { ...conversation, id: threadConversationId(base, root) } };
  return { platform: 'teams', channel: base, thread: root, reference: storedReference(ref) };
}

/** The same location seen from an incoming activity, for looking requests up. */
export function locationOf(
  activity: Partial<Activity> & Pick<Activity, 'conversation'>,
): Pick<Conversation, 'platform' | 'channel' | 'thread'> {
  if (isPersonal(activity) || activity.conversation.conversationType === 'groupChat')
    return { platform: 'teams', channel: activity.conversation.id };
  const { base, thread } = splitThread(activity.conversation.id);
  return { platform: 'teams', channel: base, thread: thread ?? activity.replyToId ?? activity.id ?? '' };
}

/** A reference as stored data: JSON-safe, no undefined members. */
export function storedReference(reference: Partial<ConversationReference>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
}

export function asReference(data: Record<string, unknown> | undefined): Partial<ConversationReference> | undefined {
  if (!data || typeof data.serviceUrl !== 'string' || typeof data.conversation !== 'object' || !data.conversation) return undefined;
  return data;
}
