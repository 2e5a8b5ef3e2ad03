// PLACEHOLDER until the boschreply branch lands.
export interface CameraKey { n: number; mac?: string; serial?: string; code?: string }
export type MatchedBy = 'mac' | 'serial' | 'code';
export interface PukMatch { n: number; puk: string; by: MatchedBy }
export interface BoschReplyReading { matched: PukMatch[]; missing: number[]; conflicting: number[]; unplaced: number }
export function readBoschReply(_text: string, cameras: CameraKey[]): BoschReplyReading {
  return { matched: [], missing: cameras.map((c) => c.n), conflicting: [], unplaced: 0 };
}
