// The one pattern the tests find a request id with: CR- and four characters of the id alphabet
// (digits 2-9 and capitals without I, L, O and U, which read like other characters). Written out
// here rather than imported from src/core/ids.ts, so a change to the alphabet fails a test.

/** A request id anywhere in a text (not global: `test` and `exec` keep no state between calls). */
export const REQUEST_ID = /CR-[2-9A-HJKMNP-TV-Z]{4}/;

/** A text that is a request id and nothing else. */
export const ONLY_REQUEST_ID = new RegExp(`^${REQUEST_ID.source}$`);
