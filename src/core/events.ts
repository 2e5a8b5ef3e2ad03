// What can happen to a request: the events the lifecycle takes (lifecycle.ts for one camera,
// site/lifecycle.ts for a site). Types only, apart from both, so each reads the one union.

import type { DocumentKind } from './notices.js';
import type { FieldName } from './fields.js';
import type { Actor, RequestFile } from './request.js';

export type LifecycleEvent =
  | { type: 'message'; by: Actor; text: string; files?: RequestFile[] }
  /** The technician said Yes: the message that was only a code is a new challenge code. */
  | { type: 'new_challenge'; by: Actor; code: string; ageMs?: number }
  | { type: 'set_fields'; by: Actor; values: Partial<Record<FieldName, string>>; files?: RequestFile[] }
  /** The platform copied (ok) or failed to copy a shared file into the support card's thread. */
  | { type: 'file_copied'; url: string; ok: boolean }
  | { type: 'submit'; by: Actor }
  | { type: 'edit'; by: Actor }
  | { type: 'cancel'; by: Actor }
  | { type: 'claim'; by: Actor; isAgent: boolean }
  /** The agent holding the claim lets go; the request is open to every agent again. */
  | { type: 'release'; by: Actor; isAgent: boolean }
  /** Another agent takes a claimed request over; the one who held it is told. */
  | { type: 'take_over'; by: Actor; isAgent: boolean }
  | { type: 'send_puk'; by: Actor; isAgent: boolean; puk: string }
  | { type: 'ask'; by: Actor; isAgent: boolean; question: string }
  | { type: 'request_document'; by: Actor; isAgent: boolean; document: DocumentKind; note?: string }
  | { type: 'record_ticket'; by: Actor; isAgent: boolean; ticket: string }
  | { type: 'reject'; by: Actor; isAgent: boolean; reason: string }
  | { type: 'agent_reply'; by: Actor; isAgent: boolean; text: string }
  /** `camera`: which camera of a site (its PUK message's buttons say); one camera's request has none. */
  | { type: 'done'; by: Actor; camera?: number }
  | { type: 'failed'; by: Actor; note?: string; camera?: number }
  | { type: 'timer'; timerId: string };

/** What only a site knows how to do. */
export type SiteEvent =
  /** "Another camera": the request becomes (or grows) a site; the intake asks for the next camera. */
  | { type: 'another_camera'; by: Actor }
  /** PUKs for several cameras at once (the Send PUKs form, or Bosch's reply once the agent confirmed what it matched). */
  | { type: 'send_puks'; by: Actor; isAgent: boolean; puks: Array<{ camera: number; puk: string }> };
