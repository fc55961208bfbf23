/**
 * The only file that imports uWebSockets.js. It adapts uWS to the Transport interface: copies
 * incoming ArrayBuffers before the handler returns (uWS frees them), corks sends, reports
 * backpressure, reads HTTP bodies with a size limit and routes HTTP requests.
 */
import * as uws from 'uWebSockets.js';
import type { Connection, HttpReply, HttpRequest, Route, SendResult, SocketHandlers, Transport, TransportOptions } from './types.ts';

/**
 * uWS copies the upgrade's user data onto the socket's own JS object (getUserData returns that
 * very object, the same for the socket's whole life). The message handler (every input of every
 * client) reads what it needs there, in one object and its property array: the connection, the
 * application's attachment and whether it was closed, without touching the connection object
 * itself. The connection keeps these two on the socket object too (one copy, read by both).
 */
interface UserData {
  conn: UwsConnection | null;
  att: unknown;
  closed: boolean;
  url: string;
  remoteAddress: string;
}

/** The compressor constants are declared as types only in the .d.mts: read them through a cast. */
const constants = uws as unknown as { DISABLED: number; SHARED_COMPRESSOR: number };

const STATUS_TEXT: Record<number, string> = {
  200: '200 OK', 201: '201 Created', 204: '204 No Content', 301: '301 Moved Permanently', 302: '302 Found', 304: '304 Not Modified',
  400: '400 Bad Request', 401: '401 Unauthorized', 403: '403 Forbidden', 404: '404 Not Found', 405: '405 Method Not Allowed',
  409: '409 Conflict', 410: '410 Gone', 413: '413 Payload Too Large', 429: '429 Too Many Requests', 500: '500 Internal Server Error',
  503: '503 Service Unavailable',
};

class UwsConnection implements Connection {
  /** The socket's user data: the socket object itself (see UserData). */
  private readonly data: UserData;
  constructor(
    readonly id: number,
    private readonly ws: uws.WebSocket<UserData>,
    readonly remoteAddress: string,
    readonly url: string,
  ) {
    this.data = ws.getUserData();
  }

  get closed(): boolean {
    return this.data.closed;
  }

  set closed(v: boolean) {
    this.data.closed = v;
  }

  get attachment(): unknown {
    return this.data.att;
  }

  set attachment(v: unknown) {
    this.data.att = v;
  }

  send(bytes: Uint8Array): SendResult {
    if (this.closed) return 'closed';
    // uWS corks a lone send by itself (one write); bytes may be reused once send returns.
    const r = this.ws.send(bytes, true, false);
    return r === 1 ? 'ok' : r === 0 ? 'backpressure' : 'dropped';
  }

  bufferedAmount(): number {
    return this.closed ? 0 : this.ws.getBufferedAmount();
  }

  subscribe(topic: string): void {
    if (!this.closed) this.ws.subscribe(topic);
  }

  unsubscribe(topic: string): void {
    if (!this.closed) this.ws.unsubscribe(topic);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ws.end(code, reason.slice(0, 120));
  }
}

export function createUwsTransport(opts: TransportOptions, handlers: SocketHandlers): Transport {
  const app = opts.tls
    ? uws.SSLApp({ key_file_name: opts.tls.keyFile, cert_file_name: opts.tls.certFile, passphrase: opts.tls.passphrase ?? '' })
    : uws.App();
  let nextId = 1;
  let listenSocket: uws.us_listen_socket | null = null;
  const hasTake = handlers.take !== undefined;
  const open = new Set<UwsConnection>();

  app.ws<UserData>(opts.wsPath, {
    compression: constants.DISABLED,
    maxPayloadLength: opts.maxFrameBytes,
    maxBackpressure: opts.maxBackpressureBytes,
    idleTimeout: opts.idleTimeoutSec,
    sendPingsAutomatically: true,
    upgrade: (res, req, context) => {
      const url = req.getUrl() + (req.getQuery() ? `?${req.getQuery()}` : '');
      let remoteAddress = Buffer.from(res.getRemoteAddressAsText()).toString();
      if (opts.upgrade) {
        const verdict = opts.upgrade({ remoteAddress, origin: req.getHeader('origin'), forwardedFor: req.getHeader('x-forwarded-for') });
        if (!verdict.ok) {
          // Refused before upgrading: a plain HTTP answer, and the socket is closed.
          res.cork(() => {
            res.writeStatus(STATUS_TEXT[verdict.status]!).writeHeader('content-type', 'text/plain').writeHeader('connection', 'close').end(verdict.reason, true);
          });
          return;
        }
        remoteAddress = verdict.remoteAddress;
      }
      res.upgrade<UserData>(
        { conn: null, att: undefined, closed: false, url, remoteAddress },
        req.getHeader('sec-websocket-key'),
        req.getHeader('sec-websocket-protocol'),
        req.getHeader('sec-websocket-extensions'),
        context,
      );
    },
    open: (ws) => {
      const data = ws.getUserData();
      const conn = new UwsConnection(nextId++, ws, data.remoteAddress, data.url);
      data.conn = conn;
      open.add(conn);
      handlers.open(conn);
    },
    message: (ws, message) => {
      // uWS frees `message` when this handler returns: the handler reads it at once or copies it.
      const bytes = new Uint8Array(message);
      // Offered first with the socket as an opaque reference: taking it reads nothing of the socket.
      // (A method call, not a bound function: the compiler can inline it.)
      if (hasTake && handlers.take!(ws, bytes)) return;
      // The user data is the socket object itself: property loads, not a call into uWS.
      const data = ws as unknown as UserData;
      const conn = data.conn;
      // `=== null`, not `!conn`: an object's truthiness reads its map, a touch of the connection
      // object that this path otherwise avoids (and a likely cache miss).
      if (conn === null || data.closed) return;
      handlers.message(conn, bytes, data.att);
    },
    drain: (ws) => {
      const conn = ws.getUserData().conn;
      if (conn) handlers.drain(conn);
    },
    close: (ws, code, message) => {
      const conn = ws.getUserData().conn;
      if (!conn) return;
      conn.closed = true;
      open.delete(conn);
      handlers.close(conn, code, Buffer.from(message).toString());
    },
  });

  const serve = (res: uws.HttpResponse, req: uws.HttpRequest, route: Route | undefined, fallback = opts.fallback): void => {
    const method = req.getCaseSensitiveMethod().toUpperCase();
    const path = req.getUrl();
    const query = new URLSearchParams(req.getQuery() ?? '');
    const headers = new Map<string, string>();
    req.forEach((k, v) => headers.set(k, v));
    const remoteAddress = Buffer.from(res.getRemoteAddressAsText()).toString();
    let aborted = false;
    res.onAborted(() => {
      aborted = true;
    });
    const reply = (r: HttpReply): void => {
      if (aborted) return;
      res.cork(() => {
        res.writeStatus(STATUS_TEXT[r.status] ?? `${r.status} Status`);
        for (const [k, v] of Object.entries(r.headers ?? {})) res.writeHeader(k, v);
        res.end(r.body);
      });
    };
    const run = (body: Uint8Array): void => {
      const handler = route?.handler ?? fallback;
      if (!handler) return reply({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' });
      const request: HttpRequest = { method, path, query, headers, body, remoteAddress };
      Promise.resolve()
        .then(() => handler(request))
        .then(reply, (err: unknown) => {
          reply({ status: 500, headers: { 'content-type': 'text/plain' }, body: `internal error: ${String(err)}` });
        });
    };
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return run(new Uint8Array(0));
    const chunks: Uint8Array[] = [];
    let size = 0;
    res.onData((chunk, isLast) => {
      if (aborted) return;
      size += chunk.byteLength;
      if (size > opts.maxBodyBytes) {
        aborted = true;
        res.cork(() => res.writeStatus(STATUS_TEXT[413]!).end('payload too large', true));
        return;
      }
      chunks.push(new Uint8Array(chunk.slice(0)));
      if (isLast) {
        const body = new Uint8Array(size);
        let o = 0;
        for (const c of chunks) {
          body.set(c, o);
          o += c.byteLength;
        }
        run(body);
      }
    });
  };

  for (const route of opts.routes) {
    // oxlint-disable-next-line typescript/unbound-method -- called with .call(app, …) on the next line
    const add = route.method === 'GET' ? app.get : route.method === 'POST' ? app.post : route.method === 'DELETE' ? app.del : app.put;
    add.call(app, route.path, (res, req) => serve(res, req, route));
  }
  app.any('/*', (res, req) => {
    const method = req.getCaseSensitiveMethod().toUpperCase();
    serve(res, req, undefined, method === 'GET' || method === 'HEAD' ? opts.fallback : undefined);
  });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        app.listen(opts.host, opts.port, (socket) => {
          if (!socket) return reject(new Error(`cannot listen on ${opts.host}:${opts.port} (port in use or address not available)`));
          listenSocket = socket;
          resolve(uws.us_socket_local_port(socket));
        });
      }),
    publish: (topic, bytes) => {
      app.publish(topic, bytes, true, false);
    },
    attachmentOf: (from) => {
      const data = from as UserData;
      return data.conn === null || data.closed ? undefined : data.att;
    },
    stopListening: () => {
      if (listenSocket) uws.us_listen_socket_close(listenSocket);
      listenSocket = null;
    },
    closeAll: (code, reason) => {
      for (const conn of [...open]) conn.close(code, reason);
      if (listenSocket) uws.us_listen_socket_close(listenSocket);
      listenSocket = null;
      app.close();
    },
  };
}
