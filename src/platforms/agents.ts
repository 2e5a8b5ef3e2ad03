// Who counts as a support agent, asked of the platform the person is on. Each platform
// registers its own rule (Slack user group or channel members, Teams agent list or team).

import type { AgentDirectory } from '../core/ports.js';
import type { Actor, Platform } from '../core/request.js';

export class AgentDirectories implements AgentDirectory {
  private readonly byPlatform = new Map<Platform, AgentDirectory>();

  set(platform: Platform, directory: AgentDirectory): void {
    this.byPlatform.set(platform, directory);
  }

  async isAgent(actor: Actor): Promise<boolean> {
    const directory = this.byPlatform.get(actor.platform);
    return directory ? directory.isAgent(actor) : false;
  }
}
