// A real local HTTP server that records the JSON bodies POSTed to it; it can fail the first requests.
import { createServer, type Server } from 'node:http';

export interface WebhookReceiver {
  readonly url: string;
  readonly received: unknown[];
  /** Answers 503 to this many more requests before accepting. */
  failNext(count: number): void;
  /** Resolves with the first body (from now on, or already received) that matches. */
  waitFor(
    match: (body: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  let failures = 0;
  const waiters: Array<() => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (failures > 0) {
        failures--;
        response.writeHead(503).end();
        return;
      }
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      response.writeHead(204).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    failNext: (count) => {
      failures = count;
    },
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no matching webhook within ${timeoutMs} ms: ${JSON.stringify(received)}`)),
          timeoutMs,
        );
        const check = () => {
          const found = received.find((body) => match(body as Record<string, unknown>));
          if (found) {
            clearTimeout(timer);
            resolve(found as Record<string, unknown>);
          } else waiters.push(check);
        };
        check();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
