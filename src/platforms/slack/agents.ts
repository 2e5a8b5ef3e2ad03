// Who is a support agent on Slack: the members of SLACK_SUPPORT_USERGROUP when it is set, else
// the members of the support channel — and of those, only the people of the workspace the app
// is installed in. A Slack Connect channel (and a user group that holds people met through one)
// also has members of other organisations; they may read the channel, but never act as support.
// Asked of Slack and kept for a short while, so a burst of clicks costs one API call and a new
// agent can act within a minute.

import type { webApi } from '@slack/bolt';
import { SharedLookup } from '../../lib/shared-lookup.js';
import type { AgentDirectory } from '../../core/ports.js';
import type { Actor } from '../../core/request.js';

export const AGENT_CACHE_MS = 60_000;

/**
 * How long one users.info answer serves every question about that person: the language lookup
 * and the agent check of the same click ask Slack once, and agree. A failure is forgotten at
 * once (the next question asks again), except a missing scope, which no retry mends.
 */
const PERSON_MEMO_MS = 10_000;

/** The app was installed without users:read: the operator must reinstall it. */
class MissingScopeError extends Error {}

/** No retry mends this failure (the scope is missing until the app is reinstalled). */
export const lastsUntilReinstalled = (err: unknown): boolean => err instanceof MissingScopeError;

type SlackUser = webApi.UsersInfoResponse['user'];

/**
 * How long a language lookup may hold what is being said: a language only changes how words
 * read, so a slow, failing or rate-limited users.info makes this answer English (and the lookup
 * is tried again next time) instead of holding the reply through the client's retries.
 */
export const LANGUAGE_LOOKUP_MS = 2_000;

export interface SlackAgentsOptions {
  client: webApi.WebClient;
  /**
   * For the language lookup alone: no retries, a 429 handed back (rejectRateLimitedCalls), a
   * timeout of LANGUAGE_LOOKUP_MS. Without it the lookup uses `client`.
   */
  quickClient?: webApi.WebClient;
  usergroup?: string;
  supportChannel?: string;
  now?: () => number;
}

export class SlackAgents implements AgentDirectory {
  /** One lookup at a time: concurrent clicks share it; a failed one throws to every caller. */
  private readonly lookup: SharedLookup<Set<string>>;
  private readonly excluded = new Set<string>();
  private workspace: Promise<string> | undefined;
  private readonly homes = new Map<string, { own: boolean; until: number }>();
  private readonly people = new Map<string, { at: number; user: Promise<SlackUser> }>();
  /** Until when Slack asked us (429) not to call users.info: language lookups skip it meanwhile. */
  private quietUntil = 0;

  constructor(private readonly options: SlackAgentsOptions) {
    this.lookup = new SharedLookup(() => this.load(), { ttlMs: AGENT_CACHE_MS, now: () => this.now() });
  }

  /** The bot is a member of the support channel, but never an agent. */
  exclude(userId: string): void {
    this.excluded.add(userId);
  }

  async isAgent(actor: Actor): Promise<boolean> {
    if (actor.platform !== 'slack' || this.excluded.has(actor.id)) return false;
    if (!(await this.members()).has(actor.id)) return false;
    return this.ofOwnWorkspace(actor.id);
  }

  members(): Promise<Set<string>> {
    return this.lookup.get();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
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

  /**
   * Whether users.info places the person in the app's own workspace (auth.test's team_id):
   * their team_id is it, or, on Enterprise Grid, it is one of their org's workspaces they belong
   * to. An external member's team_id is their own organisation's. A person Slack does not know
   * is no agent; a failed lookup throws, so the person hears "temporarily unavailable".
   */
  private async ofOwnWorkspace(user: string): Promise<boolean> {
    const now = this.now();
    const known = this.homes.get(user);
    if (known && known.until > now) return known.own;
    const [team, person] = await Promise.all([this.ownTeam(), this.userInfo(user)]);
    const own = !!person && (person.team_id === team || (person.enterprise_user?.teams ?? []).includes(team));
    this.homes.set(user, { own, until: now + AGENT_CACHE_MS });
    return own;
  }

  /** The workspace the bot token belongs to; asked once (again only after a failure). */
  private ownTeam(): Promise<string> {
    this.workspace ??= this.options.client.auth
      .test()
      .then((r) => {
        if (!r.team_id) throw new Error('auth.test answered without a team_id');
        return r.team_id;
      })
      .catch((err: unknown) => {
        this.workspace = undefined;
        throw err;
      });
    return this.workspace;
  }

  /**
   * The person's Slack locale ('de-DE'), '' when Slack has none for them (or does not know them);
   * throws when Slack cannot answer now.
   */
  async profileLocale(user: string): Promise<string> {
    // Typed a string, but it is whatever the JSON said: a number here used to throw in the
    // LanguageBook and leave the person's command unanswered.
    const locale: unknown = (await this.quickUserInfo(user))?.locale;
    return typeof locale === 'string' ? locale : '';
  }

  /**
   * users.info on the quick client, sharing an answer already in hand (or on its way); a quick
   * answer serves the agent check too, a quick failure is kept from it (that check waits out
   * Slack's retries, as it must).
   */
  private async quickUserInfo(user: string): Promise<SlackUser> {
    const { quickClient } = this.options;
    if (!quickClient) return this.userInfo(user);
    this.forgetOldPeople(Date.now());
    const known = this.people.get(user);
    if (known) return known.user;
    if (Date.now() < this.quietUntil)
      throw Object.assign(new Error('users.info is rate limited; language lookup skipped'), {
        // As Slack's own 429 says it: whoever tries again waits out the rest.
        retryAfter: Math.ceil((this.quietUntil - Date.now()) / 1000),
      });
    try {
      const found = await this.askUserInfo(user, quickClient);
      this.people.set(user, { at: Date.now(), user: Promise.resolve(found) });
      return found;
    } catch (err) {
      // No retry mends a missing scope: the agent check of the same click fails the same way.
      if (err instanceof MissingScopeError) {
        const failed = Promise.reject(err);
        failed.catch(() => {});
        this.people.set(user, { at: Date.now(), user: failed });
      }
      const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
      if (typeof retryAfter === 'number') this.quietUntil = Date.now() + retryAfter * 1000;
      throw err;
    }
  }

  private userInfo(user: string): Promise<SlackUser> {
    // Wall time, not the request clock: this is about one moment's API calls, not a deadline.
    const at = Date.now();
    this.forgetOldPeople(at);
    const known = this.people.get(user);
    if (known) return known.user;
    const asked = this.askUserInfo(user);
    this.people.set(user, { at, user: asked });
    // Each caller handles the rejection; here it only decides whether the next one asks again.
    asked.catch((err: unknown) => {
      if (!(err instanceof MissingScopeError) && this.people.get(user)?.user === asked) this.people.delete(user);
    });
    return asked;
  }

  /** Answers older than PERSON_MEMO_MS are asked again; forgetting them also bounds the memo. */
  private forgetOldPeople(at: number): void {
    for (const [id, memo] of this.people) if (at - memo.at >= PERSON_MEMO_MS) this.people.delete(id);
  }

  private async askUserInfo(user: string, client = this.options.client): Promise<SlackUser> {
    try {
      // include_locale: the language lookup reads the same answer (language.ts).
      return (await client.users.info({ user, include_locale: true })).user;
    } catch (err) {
      const error = (err as { data?: { error?: unknown } }).data?.error;
      if (error === 'user_not_found') return undefined;
      // An app installed before users:read joined the manifest: say what the operator must do.
      if (error === 'missing_scope')
        throw new MissingScopeError('users.info needs the users:read scope: reinstall the Slack app from manifests/slack/manifest.yml', {
          cause: err,
        });
      throw err;
    }
  }
}
