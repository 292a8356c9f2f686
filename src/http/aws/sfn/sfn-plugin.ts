// The Step Functions API (AWS JSON 1.0): `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and
// `Content-Type: application/x-amz-json-1.0`, answering AWS's shapes and `{__type, message}` errors.
// Routing rule: any request whose X-Amz-Target starts with `AWSStepFunctions.` comes here (the `amzTarget` route
// constraint), whatever its SigV4 scope. With auth on, the signature is verified over the body and the operation
// authorized as `states:<Operation>` before it runs.
import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowService } from '../../../modules/workflows/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { jsonAuthError } from '../../auth/iam-wire-errors.js';
import { verifySignedBody } from '../../auth/signed-body.js';
import { executionOperations } from './execution-operations.js';
import { machineOperations, type Operation } from './machine-operations.js';
import { assertAssumableRole, sfnPermissions } from './sfn-authorization.js';
import { AMZ_TARGET, ensureTargetConstraint } from './target-constraint.js';
import { Members, SfnError, wireError } from './wire.js';

const PREFIX = 'AWSStepFunctions';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const OPERATIONS: Readonly<Record<string, Operation>> = { ...machineOperations, ...executionOperations };

export const sfnPlugin: FastifyPluginAsync<{
  workflows: WorkflowService;
  auth?: EdgeAuth | undefined;
}> = async (app, { workflows, auth }) => {
  ensureTargetConstraint(app);
  if (auth) app.addHook('preParsing', verifySignedBody(auth, 'states'));
  // SDKs send application/x-amz-json-1.0; read any body of this scope as JSON text.
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new SfnError('SerializationException', 'The request body is not valid JSON'));
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const denied = jsonAuthError(error);
    const wire = denied
      ? { status: denied.status, type: denied.code, message: denied.message }
      : wireError(error);
    if (wire.status >= 500) request.log.error({ err: error }, 'Step Functions request failed');
    return reply
      .status(wire.status)
      .header('x-amzn-errortype', wire.type)
      .type(CONTENT_TYPE)
      .send({ __type: wire.type, message: wire.message });
  });
  app.route({
    method: 'POST',
    url: '/',
    constraints: { [AMZ_TARGET]: PREFIX },
    schema: { hide: true },
    handler: async (request, reply) => {
      const target = String(request.headers['x-amz-target']);
      const name = target.slice(PREFIX.length + 1);
      const operation = Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
      if (operation === undefined)
        throw new SfnError('UnknownOperationException', `Unknown operation ${target}`);
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new SfnError('SerializationException', 'The request body must be a JSON object');
      }
      if (auth) {
        const members = body as Record<string, unknown>;
        await enforceAccess(auth, request, sfnPermissions(name, members, homeOf(auth)));
        assertAssumableRole(name, members, homeOf(auth));
      }
      const result = await operation(workflows, new Members(body as Record<string, unknown>));
      return reply.type(CONTENT_TYPE).send(result);
    },
  });
};
