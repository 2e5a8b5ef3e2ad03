// Who and where in the playground: the bot's Teams account, the two people (one per pane), the
// fake tenant and team, and the Teams conversation ids the panes stand for. One place, so the
// Direct Line side, the connector emulation and the playground's own app agree.

export interface Member {
  /** Bot Framework id as Teams sends it (`29:...` for people, `28:...` for bots). */
  id: string;
  name: string;
  /** The AAD object id, which the Teams bot uses as the person's identity. */
  aadObjectId?: string;
}

export const TENANT_ID = 'playground-tenant';
export const TEAM_NAME = 'Playground support team';
export const BOT: Member = { id: '28:camreset-playground', name: 'camreset' };
export const TECHNICIAN: Member = { id: '29:playground-technician', name: 'Technician', aadObjectId: 'playground-technician' };
export const AGENT: Member = { id: '29:playground-agent', name: 'Support agent', aadObjectId: 'playground-agent' };

/** The support pane's channel, the playground's Teams support channel, shaped like a Teams channel id. */
export const DEFAULT_SUPPORT_CHANNEL = '19:playground-support@thread.tacv2';
/** The technician's 1:1 chat with the bot, shaped like a Teams personal conversation id. */
export const PERSONAL_CONVERSATION = 'a:playground-technician';
