// Who is a support agent in Teams: the AAD object ids in TEAMS_SUPPORT_AGENTS when set, else
// the members of the team that owns TEAMS_SUPPORT_CHANNEL, read from the Bot Connector's paged
// member list and kept for a few minutes.

import type { CloudAdapter } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { Logger } from 'pino';
import { errorText } from '../../core/error-text.js';
import { SharedLookup } from '../../lib/shared-lookup.js';
import type { AgentDirectory, Clock } from '../../core/ports.js';
import type { Actor } from '../../core/request.js';
import type { AddressBook } from './addresses.js';

export interface TeamsAgentsOptions {
  agents: string[];
  supportChannel?: string;
  adapter: CloudAdapter;
  appId: string;
  addresses: AddressBook;
  clock: Clock;
  logger: Logger;
  cacheMs?: number;
}

interface TeamMember {
  id: string;
  aad?: string;
}

/** The support team's members: their ids (29:… and AAD, lower case), and the list as read. */
interface TeamList {
  ids: Set<string>;
  members: TeamMember[];
}

export class TeamsAgents implements AgentDirectory {
  /** Concurrent asks share one read of the member list; "no team known yet" is not kept. */
  private readonly team: SharedLookup<TeamList | undefined>;

  constructor(private readonly options: TeamsAgentsOptions) {
    this.team = new SharedLookup(() => this.readTeam(), {
      ttlMs: options.cacheMs ?? 5 * 60_000,
      now: () => options.clock.now(),
      keep: (list) => list !== undefined,
    });
  }

  async isAgent(actor: Actor): Promise<boolean> {
    if (actor.platform !== 'teams') return false;
    // AAD object ids are GUIDs: their letter case means nothing (config lower-cases the list).
    const id = actor.id.toLowerCase();
    if (this.options.agents.length) return this.options.agents.some((agent) => agent.toLowerCase() === id);
    const ids = await this.teamMembers();
    return ids.has(id);
  }

  /**
   * The Teams user ids (29:…) whose clients refresh the support card to their agent view: the
   * agent holding the request first, then the other agents in the support team's member list,
   * at most `max` (Teams refreshes for 60 users). Agents beyond that, or not in the team, see the
   * shared card and get their buttons with "Show my actions".
   */
  async refreshIds(holder: Actor | undefined, max: number): Promise<string[]> {
    await this.teamMembers();
    const members = this.team.last()?.members ?? [];
    const listed = this.options.agents.map((a) => a.toLowerCase());
    const isAgent = (m: TeamMember) =>
      !listed.length || listed.includes((m.aad ?? m.id).toLowerCase()) || listed.includes(m.id.toLowerCase());
    const held = holder ? holder.id.toLowerCase() : undefined;
    const agents = members.filter(isAgent);
    const first = agents.filter((m) => held && (m.aad?.toLowerCase() === held || m.id.toLowerCase() === held));
    const rest = agents.filter((m) => !first.includes(m));
    return [...first, ...rest].slice(0, max).map((m) => m.id);
  }

  private async teamMembers(): Promise<Set<string>> {
    try {
      return (await this.team.get())?.ids ?? new Set();
    } catch (err) {
      // Where the team lives could not be read (the store): that fails loudly, as before.
      if (!(err instanceof MembersUnreadable)) throw err;
      // Refuse rather than guess: nobody is an agent until the member list can be read.
      this.options.logger.error({ err: errorText(err.cause) }, 'teams: could not read the support team members');
      return this.team.last()?.ids ?? new Set();
    }
  }

  /** The support team's member list, every page of it; undefined while the team is not known. */
  private async readTeam(): Promise<TeamList | undefined> {
    const channel = this.options.supportChannel;
    const place = channel ? await this.options.addresses.channel(channel) : undefined;
    if (!place) return undefined;
    const ids = new Set<string>();
    const members: TeamMember[] = [];
    const reference = {
      channelId: 'msteams',
      serviceUrl: place.serviceUrl,
      conversation: { id: place.teamId, isGroup: true, conversationType: 'channel', name: '' },
    };
    try {
      await this.options.adapter.continueConversationAsync(this.options.appId, reference, async (ctx) => {
        let token: string | undefined;
        do {
          const page = await TeamsInfo.getPagedTeamMembers(ctx, place.teamId, 500, token);
          for (const m of page.members) {
            members.push(m.aadObjectId ? { id: m.id, aad: m.aadObjectId } : { id: m.id });
            if (m.aadObjectId) ids.add(m.aadObjectId.toLowerCase());
            ids.add(m.id.toLowerCase());
          }
          token = page.continuationToken || undefined;
        } while (token);
      });
    } catch (err) {
      throw new MembersUnreadable(err);
    }
    return { ids, members };
  }
}

/** The Bot Connector did not give the member list (as opposed to the store failing). */
class MembersUnreadable extends Error {
  constructor(cause: unknown) {
    super('the support team members could not be read', { cause });
  }
}
