// The one way a caught value becomes text for a log line or an operator's terminal: the error's
// class and message, never its stack (a log is read by people, and a stack says nothing to them).

/** `TypeError: x is not a function`; anything thrown that is not an Error, as String() shows it. */
export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
