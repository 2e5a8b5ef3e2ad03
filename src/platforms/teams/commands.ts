// A Teams message: its words go to the desk as one `hear` call (the command's words are read in
// the core: camreset, status, cancel [id], help, and agents' replies; a request started in a
// channel lives in that message's reply chain), with the files the technician shared, and what
// the desk says back goes privately to the person who spoke. The bot's mention is already out of
// the words (stripMentions, middleware.ts).

import { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { START_COMMANDS, fileRefused } from '../../core/copy.js';
import { conversationKey } from '../../core/desk.js';
import { type RequestFile, sameActor } from '../../core/request.js';
import type { Actor } from '../../core/terms.js';
import type { RichMessage } from '../../core/rich.js';
import type { HandlerDesk } from '../contract.js';
import type { FileRelay } from '../files.js';
import { sharedFilesOf } from './files.js';
import { localeOf } from '../../core/languages.js';
import { actorOf, conversationOf, isPersonal, locationOf } from './ids.js';
import { heardWords } from './middleware.js';
import { TEAMS_WORDS } from './words.js';

export interface MessageHandling {
  desk: HandlerDesk;
  logger: Logger;
  /** Checks files as they are sent and copies them to support (../files.ts); without it they stay links. */
  files?: FileRelay;
  /** The person behind this turn, with the language they read (bot.ts resolves it for every turn). */
  speaker: Actor;
  /** Says something to the person behind this turn only, in their 1:1 chat with the bot. */
  privately: (ctx: TurnContext, message: RichMessage, requestId?: string) => Promise<void>;
}

/** One `desk.hear` call: where (chat, channel reply chain, mention), who, the words and files. */
export async function hearMessage(ctx: TurnContext, handling: MessageHandling): Promise<void> {
  const a = ctx.activity;
  const { text, mentioned } = heardWords(ctx);
  const shared = sharedFilesOf(a.attachments);
  const files = handling.files ? await checkedFiles(ctx, handling, handling.files, shared) : photosOf(a.attachments);
  if ((shared.files.length || shared.unreachable.length) && !files.length && !text) return;
  const heard = await handling.desk.hear({
    where: { ...locationOf(a), direct: isPersonal(a), addressed: mentioned },
    by: handling.speaker,
    text,
    files,
    command: START_COMMANDS.teams,
    // eslint-disable-next-line @typescript-eslint/require-await -- the port wants a promise, and a throw here must reach the desk as a rejection
    open: async () => conversationOf(a, TurnContext.getConversationReference(a)),
  });
  // What the desk answered goes only to the person who spoke: their 1:1 chat with the bot.
  if (heard.refusal) await handling.privately(ctx, { lines: heard.refusal.lines });
  if (heard.reply) await handling.privately(ctx, heard.reply, heard.requestId);
}

/**
 * The files of a message that may go to support: only the technician's, in their request's
 * chat or reply chain, and only those that pass the shared check (fetched now, by their bytes).
 * Each refused one is explained to them privately, and changes nothing.
 */
async function checkedFiles(
  ctx: TurnContext,
  handling: MessageHandling,
  relay: FileRelay,
  shared: ReturnType<typeof sharedFilesOf>,
): Promise<RequestFile[]> {
  if (!shared.files.length && !shared.unreachable.length) return [];
  const a = ctx.activity;
  const request = await handling.desk.find(conversationKey(locationOf(a)));
  if (!request || !sameActor(request.requester, actorOf(a))) return [];
  const { taken, refused } = await relay.check(request, shared.files);
  const all = [...refused, ...shared.unreachable.map((file) => ({ file, problem: 'attached_in_channel' as const }))];
  for (const { file, problem } of all) {
    handling.logger.info({ requestId: request.id, problem }, 'teams: shared file refused');
    const name = file.name ?? TEAMS_WORDS.word(handling.speaker.locale, 'files.unnamed');
    await handling.privately(ctx, fileRefused(name, problem, relay.maxBytes / (1024 * 1024), localeOf(handling.speaker)), request.id);
  }
  return taken;
}

/**
 * Files and images on a message, as links (a desk without the file relay). For files sent in a
 * chat Teams gives a short-lived pre-authenticated download URL too; that one is never passed on.
 */
export function photosOf(attachments: unknown): RequestFile[] {
  const shared = sharedFilesOf(attachments);
  return [...shared.files.map((s) => s.file), ...shared.unreachable];
}
