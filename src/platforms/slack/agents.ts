// Who is a support agent on Slack: the members of SLACK_SUPPORT_USERGROUP when it is set, else
// the members of the support channel. Asked of Slack and kept for a short while, so a burst of
// clicks costs one API call and a new agent can act within a minute.

import type { webApi } from '@slack/bolt';
import type { AgentDirectory } from '../../core/ports.js';
import type { Actor } from '../../core/request.js';

export const AGENT_CACHE_MS = 60_000;

export interface SlackAgentsOptions {
  client: webApi.WebClient;
  usergroup?: string;
  supportChannel?: string;
  now?: () => number;
}

export class SlackAgents implements AgentDirectory {
  private cached: { members: Set<string>; until: number } | undefined;
  private readonly excluded = new Set<string>();
  private loading: Promise<Set<string>> | undefined;

  constructor(private readonly options: SlackAgentsOptions) {}

  /** The bot is a member of the support channel, but never an agent. */
  exclude(userId: string): void {
    this.excluded.add(userId);
  }

  async isAgent(actor: Actor): Promise<boolean> {
    if (actor.platform !== 'slack' || this.excluded.has(actor.id)) return false;
    return (await this.members()).has(actor.id);
  }

  async members(): Promise<Set<string>> {
    const now = (this.options.now ?? Date.now)();
    if (this.cached && this.cached.until > now) return this.cached.members;
    // One lookup at a time: concurrent clicks share it.
    this.loading ??= this.load().then(
      (members) => {
        this.cached = { members, until: now + AGENT_CACHE_MS };
        this.loading = undefined;
        return members;
      },
      (err: unknown) => {
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  private async load(): Promise<Set<string>> {
    const { client, usergroup, supportChannel } = this.options;
    if (usergroup) {
      const result = await client.usergroups.users.list({ usergroup });
      return new Set(result.users ?? []);
    }
    if (!supportChannel) return new Set();
    const members = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await client.conversations.members({ channel: supportChannel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const m of page.members ?? []) members.add(m);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return members;
  }
}
