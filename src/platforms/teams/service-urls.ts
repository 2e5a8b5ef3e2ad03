// Where the bot may send: the Bot Connector hosts Microsoft runs for Teams. A serviceUrl comes
// in with every activity and is stored in conversation references; the bot speaks only to one
// on this list (or on TEAMS_SERVICE_URL_ALLOWLIST, which replaces it), so neither a forged
// activity nor a tampered stored reference can make it post a PUK to an address of its choice.

/**
 * Microsoft's documented Teams service URLs: the public cloud (`https://smba.trafficmanager.net/<region>/`),
 * GCC, GCC High and DoD. Other clouds (e.g. 21Vianet) are set with TEAMS_SERVICE_URL_ALLOWLIST.
 */
export const MICROSOFT_SERVICE_URLS: readonly string[] = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

export class ServiceUrlAllowlist {
  private readonly allowed: URL[];

  /** `entries`: base URLs (scheme, host, port and a path prefix); empty means Microsoft's hosts. */
  constructor(entries: readonly string[] = []) {
    this.allowed = (entries.length ? entries : MICROSOFT_SERVICE_URLS).map((e) => new URL(e));
  }

  /** True when `serviceUrl` has the scheme, host and port of an entry and lies under its path. */
  allows(serviceUrl: string | undefined): boolean {
    const url = parse(serviceUrl);
    if (!url || url.username || url.password) return false;
    return this.allowed.some((a) => a.origin === url.origin && under(url.pathname, a.pathname));
  }

  /** The entries, for the start log. */
  describe(): string[] {
    return this.allowed.map((a) => a.href);
  }
}

function parse(s: string | undefined): URL | undefined {
  if (!s) return undefined;
  try {
    const url = new URL(s);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `/teams/` is under `/`, `/amer/x` under `/amer/`; `/amerx` is not under `/amer`. */
function under(path: string, prefix: string): boolean {
  if (prefix === '/' || path === prefix) return true;
  const base = prefix.endsWith('/') ? prefix : `${prefix}/`;
  return path.startsWith(base);
}
