/** The small transport interface the rest of the server sees (only transport/uws.ts knows uWS). */

/** ok: written or queued; backpressure: queued above the socket's buffer; dropped: not sent; closed: socket gone. */
export type SendResult = 'ok' | 'backpressure' | 'dropped' | 'closed';

export interface Connection {
  readonly id: number;
  readonly remoteAddress: string;
  /** Path and query of the upgrade request (for example `/ws?seat=...`). */
  readonly url: string;
  send(bytes: Uint8Array): SendResult;
  /** Bytes queued in the socket's user-space send buffer. */
  bufferedAmount(): number;
  close(code: number, reason: string): void;
  readonly closed: boolean;
  /**
   * The application's own state for this connection (the game server keeps its session here, so
   * a message finds it without a lookup). The transport never reads or writes it.
   */
  attachment: unknown;
  /** Pub/sub (uWS topics): a transport that has it fans a published message out natively. */
  subscribe?(topic: string): void;
  unsubscribe?(topic: string): void;
}

export interface SocketHandlers {
  open(conn: Connection): void;
  /**
   * `bytes` is valid only during the call (uWS frees it when the handler returns): read it then,
   * or copy it to keep it. `attachment` is `conn.attachment`, handed over so the handler need not
   * read the connection at all (the uWS transport keeps it on the socket's own object, which it
   * reads anyway: on the path every input takes, one object less is one cache miss less).
   * Messages of a connection closed with close() are not delivered.
   */
  message(conn: Connection, bytes: Uint8Array, attachment: unknown): void;
  /**
   * Optional, offered each message before `message` by a transport that has Transport.attachmentOf:
   * `from` is an opaque reference to the sender, not to be read (that is the point: on the path
   * every input takes, the transport's socket object is a likely cache miss). True: the handler
   * took the message (copying what it keeps of `bytes`), and resolves `from` later, before the
   * sender's close is handled, with attachmentOf. False: the transport delivers it to `message`.
   */
  take?(from: object, bytes: Uint8Array): boolean;
  close(conn: Connection, code: number, reason: string): void;
  drain(conn: Connection): void;
}

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: ReadonlyMap<string, string>;
  body: Uint8Array;
  remoteAddress: string;
}

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body: string | Uint8Array;
}

export type HttpHandler = (req: HttpRequest) => HttpReply | Promise<HttpReply>;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Exact path, or a prefix ending in '/*'. */
  path: string;
  handler: HttpHandler;
}

/** What the transport tells the application of a WebSocket upgrade request, before it upgrades. */
export interface UpgradeRequest {
  /** The peer's address as the socket reports it. */
  remoteAddress: string;
  /** The Origin header ('' when absent). */
  origin: string;
  /** The X-Forwarded-For header ('' when absent). */
  forwardedFor: string;
}

/** Upgrade, with the client's address (a trusted proxy's forwarded one), or answer `status` and close. */
export type UpgradeVerdict = { ok: true; remoteAddress: string } | { ok: false; status: 403 | 429; reason: string };

export interface TransportOptions {
  host: string;
  port: number;
  wsPath: string;
  maxFrameBytes: number;
  /** uWS closes a socket whose buffered output passes this; keep it above the room's hard limit. */
  maxBackpressureBytes: number;
  idleTimeoutSec: number;
  maxBodyBytes: number;
  routes: Route[];
  /** Admission of WebSocket upgrades (origin, per-address caps); without it every upgrade is taken. */
  upgrade?: (req: UpgradeRequest) => UpgradeVerdict;
  /** Fallback for GET requests no route matched (static files). */
  fallback?: HttpHandler;
  tls?: { keyFile: string; certFile: string; passphrase?: string };
}

export interface Transport {
  /** Resolves with the bound port. */
  listen(): Promise<number>;
  /** Stop accepting; existing sockets stay open until closed. */
  stopListening(): void;
  /** Close every socket with the code and stop the app. */
  closeAll(code: number, reason: string): void;
  /** Send one message to every connection subscribed to `topic`, encoded and copied once (native fan-out). */
  publish?(topic: string, bytes: Uint8Array): void;
  /**
   * The attachment of the connection a message handed to SocketHandlers.take came from, or
   * undefined once that connection was closed (its message is then dropped, as `message` would
   * not have been called for it). A transport that has this calls `take`.
   */
  attachmentOf?(from: object): unknown;
}
