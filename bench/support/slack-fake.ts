// The Slack fake as the benchmarks set it up, slash commands signed exactly as Slack signs them,
// and counts of what the app posted. Light on purpose: the fake's own thread loads only this.

import { SlackFake } from '../../test/support/slack/fake.js';
import { signedHeaders, triggerId } from '../../test/support/slack/requests.js';
import type { Shot } from './load.js';

export const SIGNING_SECRET = 'slack-signing-secret-for-bench';
export const BOT_TOKEN = 'xoxb-bench-token';
export const SUPPORT = 'CSUPPORT';
export const AGENTS_GROUP = 'SAGENTS';
export const AGENTS = ['UAGENT1', 'UAGENT2'];

export async function startFake(): Promise<SlackFake> {
  const fake = await SlackFake.start();
  fake.usergroup(AGENTS_GROUP, AGENTS).channelMembers(SUPPORT, [...AGENTS, fake.botUserId]);
  return fake;
}

/** What a command needs from the fake: the workspace id and a response_url leading to it. */
export interface CommandTarget {
  teamId: string;
  responseUrl(): string;
}

/** `/camreset [text]` from `user` in `channel`, signed now, as Slack POSTs it. */
export function commandShot(fake: CommandTarget, c: { user: string; channel: string; text?: string }): Shot {
  const body = new URLSearchParams({
    token: 'verification-token-unused',
    team_id: fake.teamId,
    team_domain: 'camreset-bench',
    channel_id: c.channel,
    channel_name: 'field-team',
    user_id: c.user,
    user_name: c.user.toLowerCase(),
    command: '/camreset',
    text: c.text ?? '',
    api_app_id: 'A0CAMRESET',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(),
    trigger_id: triggerId(),
  }).toString();
  return { body, headers: signedHeaders(SIGNING_SECRET, body, 'application/x-www-form-urlencoded') };
}

/**
 * Parents of request threads the app posted, their welcome replies, and the starts that failed
 * after the ack (the technician was told "temporarily unavailable" privately instead).
 */
export function backgroundPosts(fake: SlackFake): { parents: number; welcomes: number; failed: number } {
  let parents = 0;
  let welcomes = 0;
  for (const m of fake.messages()) {
    if (!m.thread_ts && /Camera password reset CR-/.test(m.text)) parents++;
    else if (m.thread_ts && /Password reset CR-.* started/.test(SlackFake.textOf({ text: m.text, blocks: m.blocks }))) welcomes++;
  }
  const failed = fake.calls.filter(
    (c) => (c.method === 'chat.postEphemeral' || c.method === 'response_url') && /temporarily unavailable/.test(SlackFake.textOf(c.args)),
  ).length;
  return { parents, welcomes, failed };
}
