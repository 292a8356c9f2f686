// Authentication and authorization under attack, with `server.auth: 'on'`: every route (listed from the Fastify app)
// without credentials or with wrong ones, repeated signatures (served, as AWS does), skewed and expired signatures and presigned URLs,
// tampered signed requests, and a user allowed only `s3:Get*` on one bucket trying to escalate. Cases in cases/auth-*.

import { setupActors } from './cases/auth-actors.js';
import { anonymousUploadCases, everyRouteCases, everySfnOperation } from './cases/auth-anonymous.js';
import { escalationCases } from './cases/auth-escalation.js';
import { signatureCases } from './cases/auth-signatures.js';
import { describeHostile } from './support/hostile-cases.js';
import { startHostileServer } from './support/hostile-server.js';
import { listRoutes } from './support/route-table.js';

const server = await startHostileServer({ 'server.auth': 'on' });
const routes = listRoutes(server.running.http);

describeHostile(
  'authentication and authorization',
  [
    ...everyRouteCases(routes),
    ...anonymousUploadCases(routes),
    ...everySfnOperation,
    ...signatureCases,
    ...escalationCases,
  ],
  { server, setup: setupActors },
);
