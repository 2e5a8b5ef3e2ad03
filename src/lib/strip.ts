// Building objects with optional members from values that may be undefined: a member left out
// and one set to undefined differ when spread over defaults or compared in a test.

/** Drops undefined members so optional properties stay truly absent. */
export function strip<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
