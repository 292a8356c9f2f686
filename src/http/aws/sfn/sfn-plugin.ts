// The Step Functions API (AWS JSON 1.0): `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and
// `Content-Type: application/x-amz-json-1.0`, answering AWS's shapes and `{__type, message}` errors.
// Routing rule: any request whose X-Amz-Target starts with `AWSStepFunctions.` comes here (the `amzTarget` route
// constraint), whatever its SigV4 scope. With auth on, the signature is verified over the body and the operation
// authorized as `states:<Operation>` before it runs.
import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowService } from '../../../modules/workflows/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { serveJsonTarget } from '../json-target.js';
import { executionOperations } from './execution-operations.js';
import { machineOperations, type Operation } from './machine-operations.js';
import { assertAssumableRole, sfnPermissions } from './sfn-authorization.js';
import { Members, SfnError, wireError } from './wire.js';

const OPERATIONS: Readonly<Record<string, Operation>> = { ...machineOperations, ...executionOperations };

export const sfnPlugin: FastifyPluginAsync<{
  workflows: WorkflowService;
  auth?: EdgeAuth | undefined;
}> = async (app, { workflows, auth }) => {
  serveJsonTarget(app, {
    prefix: 'AWSStepFunctions',
    contentType: 'application/x-amz-json-1.0',
    signingName: 'states',
    title: 'Step Functions',
    auth,
    isOperation: (name) => Object.hasOwn(OPERATIONS, name),
    protocolError: (type, message) => new SfnError(type, message),
    wireError,
    async run(name, members, request) {
      if (auth) {
        await enforceAccess(auth, request, sfnPermissions(name, members, homeOf(auth)));
        assertAssumableRole(name, members, homeOf(auth));
      }
      const operation = OPERATIONS[name] as Operation;
      return operation(workflows, new Members(members));
    },
  });
};
