// The SageMaker control-plane API (AWS JSON 1.1): `POST /` with `X-Amz-Target: SageMaker.<Operation>`, answering
// SageMaker's shapes and `{__type, message}` errors. Routed by the X-Amz-Target prefix like Step Functions; with
// auth on, the signature (scope `sagemaker`) is verified over the body and the operation authorized as
// `sagemaker:<Operation>` before it runs.
import type { FastifyPluginAsync } from 'fastify';
import type { SageMakerControl } from '../../../modules/sagemaker-control/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { jsonAuthError } from '../../auth/iam-wire-errors.js';
import { verifySignedBody } from '../../auth/signed-body.js';
import { AMZ_TARGET, ensureTargetConstraint } from '../sfn/target-constraint.js';
import { controlPermissions } from './control-authorization.js';
import { CONTROL_OPERATIONS } from './control-operations.js';
import { SCHEMAS } from './control-schemas.js';
import { checkRequest, SageMakerWireError, toWire, wireError } from './control-wire.js';

const PREFIX = 'SageMaker';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

export const sagemakerControlPlugin: FastifyPluginAsync<{
  control: SageMakerControl;
  auth?: EdgeAuth | undefined;
}> = async (app, { control, auth }) => {
  ensureTargetConstraint(app);
  if (auth) app.addHook('preParsing', verifySignedBody(auth, 'sagemaker'));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new SageMakerWireError('SerializationException', 'The request body is not valid JSON'));
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const denied = jsonAuthError(error);
    const wire = denied
      ? { status: denied.status, type: denied.code, message: denied.message }
      : wireError(error);
    if (wire.status >= 500) request.log.error({ err: error }, 'SageMaker request failed');
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
      const operation = Object.hasOwn(CONTROL_OPERATIONS, name) ? CONTROL_OPERATIONS[name] : undefined;
      if (operation === undefined)
        throw new SageMakerWireError(
          'UnknownOperationException',
          `Scones does not implement SageMaker.${name}; see src/http/aws/sagemaker/README.md for the operations it serves`,
        );
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new SageMakerWireError('SerializationException', 'The request body must be a JSON object');
      const members = body as Record<string, unknown>;
      if (auth) await enforceAccess(auth, request, controlPermissions(name, members, homeOf(auth)));
      const schema = SCHEMAS[name];
      if (schema) checkRequest(schema, members);
      const result = await operation(control, members);
      return reply.type(CONTENT_TYPE).send(toWire(result));
    },
  });
};
