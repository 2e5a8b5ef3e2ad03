// A platform surface that records what would have been shown to whom, for tests that run the
// real app (drivers, desk, router) without Slack or Teams.

import type { Notice } from '../../src/core/notices.js';
import type { ResetRequest } from '../../src/core/request.js';
import type { Surface } from '../../src/platforms/contract.js';

export class RecordingSurface implements Surface {
  readonly platform = 'slack' as const;
  readonly hasSupportChannel = true;
  readonly delivered: Array<{ requestId: string; notice: Notice; at: number }> = [];

  async toRequester(request: ResetRequest, notice: Notice): Promise<void> {
    this.delivered.push({ requestId: request.id, notice, at: Date.now() });
  }
  async toSupport(request: ResetRequest, notice: Notice): Promise<void> {
    this.delivered.push({ requestId: request.id, notice, at: Date.now() });
  }
  count(kind: Notice['kind'], audience?: Notice['audience']): number {
    return this.delivered.filter((d) => d.notice.kind === kind && (!audience || d.notice.audience === audience)).length;
  }
}
