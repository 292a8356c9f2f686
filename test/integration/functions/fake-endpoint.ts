// A real local HTTP server answering like a SageMaker endpoint (InvokeEndpoint), until endpoints land in Scones;
// the built-in functions reach it through AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EndpointCall {
  readonly endpoint: string;
  readonly contentType: string | undefined;
  readonly body: Buffer;
  readonly signed: boolean;
}

export interface FakeEndpoint {
  readonly url: string;
  readonly calls: EndpointCall[];
  /** What InvokeEndpoint answers (JSON text), per endpoint name; unknown names get ValidationError. */
  readonly answers: Map<string, string>;
  close(): Promise<void>;
}

export async function startFakeEndpoint(): Promise<FakeEndpoint> {
  const calls: EndpointCall[] = [];
  const answers = new Map<string, string>([['bikes', '[0.97, 0.03]']]);
  const server: Server = createServer((request, response) => {
    void handle(calls, answers, request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answers,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(
  calls: EndpointCall[],
  answers: Map<string, string>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const url = new URL(request.url ?? '/', 'http://localhost');
  const invoke = /^\/endpoints\/([^/]+)\/invocations$/.exec(url.pathname);
  if (request.method === 'POST' && invoke) {
    const endpoint = decodeURIComponent(invoke[1] as string);
    calls.push({
      endpoint,
      contentType: request.headers['content-type'],
      body,
      signed: String(request.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256'),
    });
    const answer = answers.get(endpoint);
    if (answer === undefined) {
      response.writeHead(400, { 'content-type': 'application/json', 'x-amzn-errortype': 'ValidationError' });
      response.end(JSON.stringify({ message: `Endpoint ${endpoint} of account 000000000000 not found.` }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(answer);
    return;
  }
  response.writeHead(404).end();
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
