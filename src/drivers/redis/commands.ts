// The request store's Lua scripts, kept as files in commands/ the way BullMQ keeps its own:
// `<name>-<number of keys>.lua`, each opening with its KEYS, ARGV and result, sharing code
// through `--- @include "includes/<name>"` lines. Read once per process, and defined on each
// store connection as an ioredis command, so every call is an EVALSHA and ioredis sends the
// script itself to a Redis that does not have it (a restart, a failover to a replica).
// The files sit beside this module in src/ (tsx) and in dist/ (the build copies every file of
// src/ that is not TypeScript), so the same relative URL finds them in both.

import { readdirSync, readFileSync } from 'node:fs';
import type { RedisClient } from './connection.js';

type Flag = '0' | '1';

/**
 * The scripts as callable commands, keys first and then arguments, in the order of their file's
 * header (which says what each means); each resolves to the script's reply.
 */
export interface StoreCommands {
  createRequest(
    req: string,
    open: string,
    undelivered: string,
    counts: string,
    doc: string,
    id: string,
    createdAt: number,
    ended: Flag,
    retentionMs: number,
    pending: Flag,
    state: string,
    reqPrefix: string,
  ): Promise<number>;
  saveRequest(
    req: string,
    open: string,
    undelivered: string,
    counts: string,
    expectedVersion: string,
    doc: string,
    id: string,
    createdAt: number,
    ended: Flag,
    retentionMs: number,
    linkPrefix: string,
    pending: Flag,
    state: string,
    reqPrefix: string,
  ): Promise<number>;
  resealRequest(req: string, expectedVersion: string, doc: string): Promise<number>;
  countOpen(open: string, counts: string, noState: '', reqPrefix: string): Promise<string[]>;
  linkRequest(link: string, req: string, id: string, key: string): Promise<number>;
  scanRequests(reqPrefix: string, cursor: string, pattern: string, count: number): Promise<[string, string[]]>;
}

export interface Script {
  name: string;
  numberOfKeys: number;
  /** The script with its includes in place, as Redis runs it. */
  lua: string;
}

const DIR = new URL('./commands/', import.meta.url);
const FILE = /^(\w+)-(\d+)\.lua$/;
const INCLUDE = /^--- @include "(includes\/\w+)"[ \t]*$/gm;
const NAMES: ReadonlyArray<keyof StoreCommands> = [
  'createRequest',
  'saveRequest',
  'resealRequest',
  'countOpen',
  'linkRequest',
  'scanRequests',
];

let scripts: Script[] | undefined;

/**
 * Every script of commands/, read on first use. Throws, naming the file, when a script the store
 * calls is missing or a header does not list exactly the keys its name promises: a packaging
 * mistake or a header gone stale stops the start instead of misnumbering a key in production.
 */
export function readScripts(): Script[] {
  if (scripts) return scripts;
  let files: string[];
  try {
    files = readdirSync(DIR).sort();
  } catch (err) {
    throw new Error(`redis scripts not found in ${DIR.pathname} (a build copies them from src/drivers/redis/commands/): ${String(err)}`, {
      cause: err,
    });
  }
  const found: Script[] = [];
  for (const file of files) {
    const match = FILE.exec(file);
    if (!match) continue;
    const [, name, keys] = match as unknown as [string, string, string];
    const source = readFileSync(new URL(file, DIR), 'utf8');
    const numberOfKeys = Number(keys);
    const header = /^--\[\[([\s\S]*?)\]\]/.exec(source)?.[1] ?? '';
    const listed = [...new Set([...header.matchAll(/KEYS\[(\d+)\]/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
    if (listed.join() !== Array.from({ length: numberOfKeys }, (_, i) => i + 1).join()) {
      throw new Error(`redis script ${file}: its header lists KEYS[${listed.join('], KEYS[')}], its name promises ${numberOfKeys} key(s)`);
    }
    found.push({
      name,
      numberOfKeys,
      lua: source.replace(INCLUDE, (_, include: string) => readFileSync(new URL(`${include}.lua`, DIR), 'utf8')),
    });
  }
  const missing = NAMES.filter((name) => !found.some((s) => s.name === name));
  if (missing.length) throw new Error(`redis scripts missing from ${DIR.pathname}: ${missing.join(', ')}`);
  scripts = found;
  return scripts;
}

/** Defines the store's scripts on `redis` (again on the same connection is harmless) and returns them as its commands. */
export function defineStoreCommands(redis: RedisClient): StoreCommands {
  for (const { name, numberOfKeys, lua } of readScripts()) redis.defineCommand(name, { numberOfKeys, lua });
  return redis as unknown as StoreCommands;
}
