// A desk on the embedded drivers with a manual clock and an outbox that records what would
// have been said to whom, so core tests read as conversations.

import { Desk } from '../../src/core/desk.js';
import type { Notice } from '../../src/core/notices.js';
import type { AgentDirectory, Outbox } from '../../src/core/ports.js';
import type { Actor, Conversation, ResetRequest } from '../../src/core/request.js';
import { DEFAULT_SETTINGS, type CoreSettings } from '../../src/core/settings.js';
import { noticeMessage } from '../../src/core/copy.js';
import { plainText } from '../../src/core/rich.js';
import { LanguageBook } from '../../src/core/languages.js';
import { MemoryKeyValues } from '../../src/drivers/memory/key-values.js';
import { MemoryReservations } from '../../src/drivers/memory/reservations.js';
import { MemoryStore } from '../../src/drivers/memory/store.js';
import { MemoryTimers } from '../../src/drivers/memory/timers.js';
import { ManualClock } from './clock.js';

export interface Sent {
  requestId: string;
  notice: Notice;
  /** The words as the reader would see them (mentions as @id). */
  text: string;
  state: ResetRequest['state'];
}

export class RecordingOutbox implements Outbox {
  readonly sent: Sent[] = [];
  constructor(
    private readonly clock: { now(): number },
    private readonly settings: CoreSettings,
  ) {}
  async deliver(request: ResetRequest, notices: Notice[]): Promise<void> {
    for (const notice of notices) {
      const message = noticeMessage(notice, request, this.clock.now(), this.settings);
      this.sent.push({ requestId: request.id, notice, text: message ? plainText(message) : '', state: request.state });
    }
  }
  to(audience: Notice['audience']): Sent[] {
    return this.sent.filter((s) => s.notice.audience === audience);
  }
  kinds(audience?: Notice['audience']): string[] {
    return (audience ? this.to(audience) : this.sent).map((s) => s.notice.kind);
  }
  /** What the technician was told (thread and private), in order: each reader's notices keep their order. */
  technicianKinds(): string[] {
    return this.sent
      .filter((s) => s.notice.audience === 'requester' || s.notice.audience === 'requester_private')
      .map((s) => s.notice.kind);
  }
  clear(): void {
    this.sent.length = 0;
  }
}

export const tech: Actor = { platform: 'slack', id: 'UTECH1', name: 'tech' };
export const otherTech: Actor = { platform: 'slack', id: 'UTECH2', name: 'other' };
export const agent: Actor = { platform: 'slack', id: 'UAGENT1', name: 'agent' };
export const agent2: Actor = { platform: 'slack', id: 'UAGENT2', name: 'agent2' };

export const CODE = 'A1B2C3D4E5F6G7H8J9K0L1M2N3P4Q5R6';
export const CODE2 = 'Z9Y8X7W6V5U4T3S2R1Q0P9N8M7L6K5J4';
export const DETAILS = 'Model: NDE-5503-AL\nMAC 00-07-5f-12-34-56\nFW 7.80.0128\nSN 404754734001050102';
/** The same camera as a details form's fields hold it (with the code): Slack's modal values, Teams' dialog inputs. */
export const FORM_DETAILS = {
  challenge: CODE,
  model: 'NDE-5503-AL',
  mac: '00:07:5F:12:34:56',
  firmware: '7.80.0128',
  serial: '404754734001050102',
} as const;

export const minutes = (n: number) => n * 60_000;

export function createTestDesk(
  options: { settings?: Partial<CoreSettings>; agents?: Actor[]; newId?: () => string; replica?: string; languages?: boolean } = {},
) {
  const clock = new ManualClock();
  const settings: CoreSettings = { ...DEFAULT_SETTINGS, ...options.settings };
  const store = new MemoryStore({ clock });
  const keyValues = new MemoryKeyValues();
  const reservations = new MemoryReservations({ clock });
  const timers = new MemoryTimers({ clock });
  const outbox = new RecordingOutbox(clock, settings);
  const agentIds = new Set((options.agents ?? [agent, agent2]).map((a) => `${a.platform}:${a.id}`));
  const agents: AgentDirectory = { isAgent: async (a) => agentIds.has(`${a.platform}:${a.id}`) };
  // Each person's language, over the desk's own key-value store, as the app wires it.
  const languages = options.languages ? new LanguageBook(keyValues) : undefined;
  const desk = new Desk({
    store,
    reservations,
    timers,
    clock,
    outbox,
    agents,
    settings,
    ...(options.newId ? { newId: options.newId } : {}),
    ...(options.replica ? { replica: options.replica } : {}),
    ...(languages ? { languages } : {}),
  });
  const running = timers.start((job) => desk.onTimer(job));
  let thread = 0;
  const open = async (): Promise<Conversation> => ({ platform: 'slack', channel: 'CFIELD', thread: `1700000000.00000${++thread}` });

  return {
    desk,
    agents,
    settings,
    clock,
    store,
    keyValues,
    languages,
    reservations,
    timers,
    outbox,
    async start(by: Actor = tech, text?: string) {
      await running;
      const outcome = await desk.start(text === undefined ? { requester: by, open } : { requester: by, open, text });
      if (!outcome.ok) throw new Error(`start refused: ${outcome.refusal.code}`);
      return outcome.request;
    },
    /** A request submitted to support with a fresh code and all details. */
    async submitted(by: Actor = tech) {
      const r = await this.start(by, `${CODE}\n${DETAILS}`);
      const outcome = await desk.submit(r.id, by);
      if (!outcome.ok) throw new Error(`submit refused: ${outcome.refusal.code}`);
      await desk.attachSupportCard(r.id, {
        platform: 'slack',
        channel: 'CSUPPORT',
        thread: '1700000001.000001',
        message: '1700000001.000001',
      });
      outbox.clear();
      return outcome.request;
    },
    close: () => timers.close(),
  };
}
