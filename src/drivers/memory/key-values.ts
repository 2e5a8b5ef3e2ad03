// The embedded key-value store: what platforms remember beyond a request (a Teams chat's
// reference, a person's time zone), in process memory, lost on restart like the requests.

import type { KeyValueStore } from '../../core/ports.js';

export class MemoryKeyValues implements KeyValueStore {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  /** Forgets every value (the playground's Reset). */
  clear(): void {
    this.values.clear();
  }
}
