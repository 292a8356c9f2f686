// Raw HTTP for hostile tests: paths sent byte for byte (no URL normalisation), and bare sockets for trickling.
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
}

export interface HttpCall {
  readonly method: string;
  /** Sent exactly as given, query included: `..`, `%2e%2e` and `%2F` reach the server untouched. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
  readonly body?: Buffer | string;
}

export function send(baseUrl: string, call: HttpCall): Promise<HttpReply> {
  const url = new URL(baseUrl);
  const body = call.body === undefined ? undefined : Buffer.from(call.body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method: call.method,
        path: call.path,
        agent: false,
        headers: {
          ...(body === undefined || call.headers?.['transfer-encoding']
            ? {}
            : { 'content-length': body.length }),
          ...(call.headers as http.OutgoingHttpHeaders),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const all = Buffer.concat(chunks);
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: all,
            text: all.toString('utf8'),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export interface RawOutcome {
  /** What the server sent before closing (empty if it closed without answering). */
  readonly response: string;
  /** The status of the first response line, or 0 when there was none. */
  readonly status: number;
  /** True when the server ended the connection (rather than the client giving up). */
  readonly closedByServer: boolean;
}

/**
 * Writes `pieces` one by one, `gapMs` apart, on a bare socket, and resolves once the server closes the connection
 * (or after `giveUpMs`, when the client closes it: `closedByServer` false).
 */
export function trickle(
  baseUrl: string,
  pieces: readonly (Buffer | string)[],
  options: { gapMs: number; giveUpMs: number },
): Promise<RawOutcome> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const received: Buffer[] = [];
    let next = 0;
    let byServer = true;
    const timer = setInterval(() => {
      if (next < pieces.length && socket.writable) socket.write(pieces[next++] as Buffer | string);
    }, options.gapMs);
    const giveUp = setTimeout(() => {
      byServer = false;
      socket.destroy();
    }, options.giveUpMs);
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      const response = Buffer.concat(received).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ response, status, closedByServer: byServer });
    });
  });
}

/** Sends raw request bytes at once and reads until the server closes (use `Connection: close`). */
export function sendRaw(baseUrl: string, bytes: Buffer | string, giveUpMs = 15_000): Promise<RawOutcome> {
  return trickle(baseUrl, [bytes], { gapMs: 1, giveUpMs });
}

/** A raw outcome as an HTTP reply (status, headers and body parsed from what the server sent). */
export function asOutcome(raw: RawOutcome): HttpReply {
  const body = Buffer.from(raw.response.slice(raw.response.indexOf('\r\n\r\n') + 4), 'latin1');
  const headers: Record<string, string> = {};
  for (const line of raw.response.split('\r\n\r\n')[0]?.split('\r\n').slice(1) ?? []) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  return { status: raw.status, headers, body, text: body.toString('utf8') };
}
