/**
 * The server as its clients reach it: which page origins may open game sessions (the WebSocket
 * upgrade's Origin header, --allowed-origins) and the wsUrl that matchmake replies carry. Both
 * come from configuration, never from what a client sends:
 *
 * - with --public-url (say https://game.example.com): wsUrl is wss://game.example.com/ws, and
 *   by default only that origin is allowed;
 * - without it (local use): the origins allowed by default are http(s)://localhost:PORT,
 *   127.0.0.1:PORT and [::1]:PORT, and HOST:PORT when the server listens on one address; wsUrl
 *   uses the request's Host header only when it is the host of an allowed origin, else
 *   localhost:PORT (or HOST:PORT). Its scheme is wss when the server serves TLS or a trusted
 *   proxy says the client used https.
 *
 * `--allowed-origins` replaces the default list; `*` allows every origin. A request without an
 * Origin header (bots, Node.js clients: browsers always send one on a WebSocket) is allowed.
 */

export interface EndpointConfig {
  /** The HTTP base URL clients use (checked by config.ts), or null. */
  publicUrl: string | null;
  /** Origins allowed to open game sessions; empty: the default above; `*`: all. */
  allowedOrigins: readonly string[];
  /** The address the server listens on (0.0.0.0 or :: for every address). */
  host: string;
  /** The port it listens on (read once it is bound). */
  port: () => number;
  /** The server serves https:// and wss:// itself. */
  secure: boolean;
  wsPath: string;
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);
/** A Host header worth comparing: a host name or address and an optional port. */
const HOST_HEADER = /^[a-z0-9.\-[\]:]{1,262}$/;

/** The origin of a URL in its canonical form (lower case, default port dropped), or null when it is not one. */
export function originOf(text: string): string | null {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export class PublicEndpoint {
  private readonly anyOrigin: boolean;
  private readonly explicit: readonly string[];
  private readonly publicUrl: URL | null;
  /** Built from the bound port on first use (see allowed). */
  private cache: { port: number; origins: ReadonlySet<string>; hosts: ReadonlySet<string> } | null = null;

  constructor(private readonly config: EndpointConfig) {
    this.anyOrigin = config.allowedOrigins.includes('*');
    this.explicit = config.allowedOrigins.filter((o) => o !== '*').map((o) => originOf(o) ?? o);
    this.publicUrl = config.publicUrl ? new URL(config.publicUrl) : null;
  }

  /** May a page of `origin` (the upgrade's Origin header; '' when absent) open a game session? */
  allowsOrigin(origin: string): boolean {
    if (origin === '' || this.anyOrigin) return true;
    const canonical = originOf(origin.slice(0, 300));
    return canonical !== null && this.allowed().origins.has(canonical);
  }

  /** The WebSocket URL for a matchmake reply to a request with this Host header. */
  wsUrl(hostHeader: string | undefined, forwardedProto: 'http' | 'https' | null): string {
    if (this.publicUrl) return `${this.publicUrl.protocol === 'https:' ? 'wss' : 'ws'}://${this.publicUrl.host}${this.config.wsPath}`;
    const secure = forwardedProto ? forwardedProto === 'https' : this.config.secure;
    const { hosts } = this.allowed();
    const asked = hostHeader?.toLowerCase() ?? '';
    const host = HOST_HEADER.test(asked) && hosts.has(asked) ? asked : this.ownHost();
    return `${secure ? 'wss' : 'ws'}://${host}${this.config.wsPath}`;
  }

  /** The origins allowed (for the docs and the log line at start). `*` when all are. */
  describe(): string[] {
    return this.anyOrigin ? ['*'] : [...this.allowed().origins];
  }

  private ownHost(): string {
    const h = this.config.host;
    const name = WILDCARD_HOSTS.has(h) ? 'localhost' : h.includes(':') ? `[${h}]` : h;
    return `${name}:${this.config.port()}`;
  }

  private allowed(): { origins: ReadonlySet<string>; hosts: ReadonlySet<string> } {
    const port = this.config.port();
    if (this.cache?.port === port) return this.cache;
    let origins: string[];
    if (this.explicit.length > 0) origins = [...this.explicit];
    else if (this.publicUrl) origins = [this.publicUrl.origin];
    else {
      const names = ['localhost', '127.0.0.1', '[::1]'];
      const h = this.config.host;
      if (!WILDCARD_HOSTS.has(h)) names.push(h.includes(':') ? `[${h}]` : h);
      origins = names.flatMap((n) => [`http://${n}:${port}`, `https://${n}:${port}`]).map((o) => originOf(o) ?? o);
    }
    const hosts = new Set<string>();
    for (const o of origins) {
      try {
        hosts.add(new URL(o).host);
      } catch {
        // not a URL (a literal such as "null"): no host
      }
    }
    this.cache = { port, origins: new Set(origins), hosts };
    return this.cache;
  }
}
