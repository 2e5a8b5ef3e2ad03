// The embedded request store: requests, their link keys and replicas' liveness in process memory.
// Everything is cloned on the way in and out so no caller can change stored state by accident.

import type { Clock, Mutation, RequestStore } from '../../core/ports.js';
import { isEnded, type ResetRequest, type State } from '../../core/request.js';
import { storedLocales } from '../../core/languages.js';
import { KeyedQueue } from '../../lib/keyed-queue.js';

export interface MemoryStoreOptions {
  clock: Clock;
}

export class MemoryStore implements RequestStore {
  private readonly clock: Clock;
  private readonly requests = new Map<string, { request: ResetRequest; seq: number }>();
  private readonly links = new Map<string, string>();
  /** Replica -> until when it is alive (markAlive). */
  private readonly alive = new Map<string, number>();
  /** Open requests per state, moved with every create and update. */
  private readonly openCounts = new Map<State, number>();
  /** Tail of the chain of updates per id: an update waits for the previous one on that id. */
  private readonly serial = new KeyedQueue();
  private seq = 0;

  constructor({ clock }: MemoryStoreOptions) {
    this.clock = clock;
  }

  async create(request: ResetRequest): Promise<void> {
    await this.serial.run(request.id, async () => {
      if (this.requests.has(request.id)) throw new Error(`request ${request.id} already exists`);
      this.requests.set(request.id, { request: structuredClone(storedLocales(request)), seq: this.seq++ });
      this.count(undefined, request.state);
    });
  }

  async get(id: string): Promise<ResetRequest | undefined> {
    const found = this.requests.get(id);
    return found ? structuredClone(found.request) : undefined;
  }

  async update(id: string, mutate: Mutation): Promise<ResetRequest | undefined> {
    return this.serial.run(id, async () => {
      const found = this.requests.get(id);
      if (!found) return undefined;
      const mutated = mutate(structuredClone(found.request));
      if (mutated === undefined) return structuredClone(found.request);
      // The same languages as the durable store keeps (core/languages.ts), so tests on this one tell the truth.
      const next = storedLocales(mutated);
      if (next.id !== id) throw new Error(`update of ${id} tried to change its id to ${next.id}`);
      this.count(found.request.state, next.state);
      found.request = structuredClone(next);
      return structuredClone(next);
    });
  }

  async link(key: string, id: string): Promise<void> {
    this.links.set(key, id);
  }

  async resolve(key: string): Promise<string | undefined> {
    return this.links.get(key);
  }

  async listOpen(): Promise<ResetRequest[]> {
    return [...this.requests.values()]
      .filter(({ request }) => !isEnded(request.state))
      .sort((a, b) => a.request.createdAt - b.request.createdAt || a.seq - b.seq)
      .map(({ request }) => structuredClone(request));
  }

  async countOpen(): Promise<Partial<Record<State, number>>> {
    return Object.fromEntries(this.openCounts);
  }

  async listUndelivered(): Promise<ResetRequest[]> {
    return [...this.requests.values()]
      .filter(({ request }) => !!request.pendingNotices?.length)
      .sort((a, b) => a.request.createdAt - b.request.createdAt || a.seq - b.seq)
      .map(({ request }) => structuredClone(request));
  }

  async listAll(): Promise<ResetRequest[]> {
    return [...this.requests.values()]
      .sort((a, b) => a.request.createdAt - b.request.createdAt || a.seq - b.seq)
      .map(({ request }) => structuredClone(request));
  }

  async markAlive(replica: string, ttlMs: number): Promise<void> {
    this.alive.set(replica, this.clock.now() + ttlMs);
  }

  async aliveReplicas(replicas: string[]): Promise<Set<string>> {
    const now = this.clock.now();
    return new Set(replicas.filter((r) => (this.alive.get(r) ?? 0) > now));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  /** Forgets every request and link (the playground's Reset). */
  clear(): void {
    this.requests.clear();
    this.links.clear();
    this.openCounts.clear();
  }

  private count(before: State | undefined, after: State): void {
    if (before === after) return;
    if (before !== undefined && !isEnded(before)) this.openCounts.set(before, (this.openCounts.get(before) ?? 0) - 1);
    if (!isEnded(after)) this.openCounts.set(after, (this.openCounts.get(after) ?? 0) + 1);
  }
}
