// A Step Functions JSON 1.0 call as a hostile case sends it: `POST /` with the operation in X-Amz-Target.
import type { HostileServer } from './hostile-server.js';

export const sfn = (operation: string, body: unknown) => (server: HostileServer) =>
  server.aws('states', {
    method: 'POST',
    path: '/',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(body),
  });
