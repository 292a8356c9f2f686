// `Expect` headers other than `100-continue`: Node answers them 417 before any route runs. S3 does not refuse an
// S3 request for them, so requests bound for S3 are served as if the header were absent; others keep the 417.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { chooseDestination, type OwnRoutes } from '../edge-routing.js';

export function serveUnknownExpectations(server: Server, own: OwnRoutes): void {
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    if (chooseDestination(request, own) === 's3') {
      server.emit('request', request, response);
      return;
    }
    response.writeHead(417, { connection: 'close' }).end();
  });
}
