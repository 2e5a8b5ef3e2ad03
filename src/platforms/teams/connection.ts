// Whether the bot can post in TEAMS_SUPPORT_CHANNEL yet. It can only once it knows the team
// behind the channel, which Teams tells it when the app is added to that team (or channel) or
// when someone writes to it there. Until then the start log says so and how to fix it, again
// every few minutes, /metrics shows it, and submitted requests wait; the moment the channel is
// learned, what waited is delivered.

import type { Logger } from 'pino';
import type { HandlerDesk } from '../contract.js';
import type { AddressBook, TeamPlace } from './addresses.js';

/** How often the log repeats that the support channel is still not reachable. */
export const NOT_CONNECTED_REMINDER_MS = 5 * 60_000;

export interface SupportConnectionOptions {
  desk: HandlerDesk;
  addresses: AddressBook;
  /** TEAMS_SUPPORT_CHANNEL. */
  channel: string;
  logger: Logger;
  /** Outside local mode an unreachable support channel is an operator's problem: a warning. */
  warn: boolean;
  reminderMs?: number;
}

export class SupportConnection {
  private reminder: NodeJS.Timeout | undefined;

  constructor(private readonly options: SupportConnectionOptions) {}

  /**
   * True once the team behind the support channel is known, to this replica or any other. Asked
   * of the store every time (one key): the playground's Reset forgets it, and so may an operator.
   */
  async connected(): Promise<boolean> {
    return !!(await this.options.addresses.channel(this.options.channel));
  }

  /** Traffic or an installation showed where the support channel lives: keep it, and deliver what waited. */
  async learned(place: TeamPlace): Promise<void> {
    const before = await this.connected().catch(() => false);
    await this.options.addresses.rememberChannel(this.options.channel, place);
    if (before) return;
    this.stopReminder();
    this.options.logger.info({ teamId: place.teamId }, 'Teams support channel connected: requests are posted there now');
    // Not inside the installation's turn: many waiting cards could outlast the time Teams gives a turn.
    void this.flush();
  }

  /** At start: say whether the channel is reachable; if not, keep saying so until it is. */
  async start(): Promise<void> {
    if (await this.connectedOrFalse()) {
      // A process that stopped between learning the channel and delivering what waited.
      await this.flush();
      return;
    }
    this.sayNotConnected();
    this.reminder = setInterval(() => {
      void this.connectedOrFalse().then((yes) => {
        if (yes) {
          // Learned by another replica: it delivers what waited; this one only stops reminding.
          this.stopReminder();
          return;
        }
        this.sayNotConnected();
      });
    }, this.options.reminderMs ?? NOT_CONNECTED_REMINDER_MS);
    this.reminder.unref();
  }

  stop(): void {
    this.stopReminder();
  }

  private stopReminder(): void {
    if (this.reminder) clearInterval(this.reminder);
    this.reminder = undefined;
  }

  private async connectedOrFalse(): Promise<boolean> {
    // Store down: /readyz says so; this is asked again at the next reminder.
    return this.connected().catch(() => false);
  }

  private sayNotConnected(): void {
    const { logger, channel, warn } = this.options;
    logger[warn ? 'warn' : 'info'](
      { supportChannel: channel },
      'Teams support channel is not reachable yet: add the camreset app to the team that owns TEAMS_SUPPORT_CHANNEL (a private or shared channel: to that channel too; manifests/teams/README.md). Until then submitted requests wait, and their technicians are told so.',
    );
  }

  private async flush(): Promise<void> {
    try {
      const sent = await this.options.desk.supportConnected();
      if (sent) this.options.logger.info({ sent }, 'requests that waited for the support channel sent');
    } catch (err) {
      // The sweep tries them again.
      this.options.logger.warn(
        { err: err instanceof Error ? err.message : String(err) },
        'could not send the requests that waited for the support channel yet',
      );
    }
  }
}
