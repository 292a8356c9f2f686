// The SageMaker control-plane API (AWS JSON 1.1): `POST /` with `X-Amz-Target: SageMaker.<Operation>`, answering
// SageMaker's shapes and `{__type, message}` errors. Routed by the X-Amz-Target prefix like Step Functions; with
// auth on, the signature (scope `sagemaker`) is verified over the body and the operation authorized as
// `sagemaker:<Operation>` before it runs.
import type { FastifyPluginAsync } from 'fastify';
import type { SageMakerControl } from '../../../modules/sagemaker-control/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { serveJsonTarget } from '../json-target.js';
import { controlPermissions } from './control-authorization.js';
import { CONTROL_OPERATIONS } from './control-operations.js';
import { SCHEMAS } from './control-schemas.js';
import { checkRequest, SageMakerWireError, toWire, wireError } from './control-wire.js';
import { MONITOR_SCHEMAS } from './monitor-schemas.js';

export const sagemakerControlPlugin: FastifyPluginAsync<{
  control: SageMakerControl;
  auth?: EdgeAuth | undefined;
}> = async (app, { control, auth }) => {
  serveJsonTarget(app, {
    prefix: 'SageMaker',
    contentType: 'application/x-amz-json-1.1',
    signingName: 'sagemaker',
    title: 'SageMaker',
    auth,
    isOperation: (name) => Object.hasOwn(CONTROL_OPERATIONS, name),
    protocolError: (type, message) => new SageMakerWireError(type, message),
    wireError,
    unknownOperation: (name) =>
      `Scones does not implement SageMaker.${name}; see src/http/aws/sagemaker/README.md for the operations it serves`,
    async run(name, members, request) {
      if (auth) await enforceAccess(auth, request, controlPermissions(name, members, homeOf(auth)));
      const schema = SCHEMAS[name] ?? MONITOR_SCHEMAS[name];
      if (schema) checkRequest(schema, members);
      const operation = CONTROL_OPERATIONS[name] as (typeof CONTROL_OPERATIONS)[string];
      return toWire(await operation(control, members));
    },
  });
};
