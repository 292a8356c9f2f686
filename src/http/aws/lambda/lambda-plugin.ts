// The Lambda REST-JSON protocol on the Scones server, so `@aws-sdk/client-lambda` and boto3 work against it.
// With auth on, signatures are verified over the body and each operation is authorized; errors take Lambda's
// shapes in this scope only.
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { FunctionsService } from '../../../modules/functions/index.js';
import type { EdgeAuth } from '../../auth/edge-auth.js';
import { verifySignedBody } from '../../auth/signed-body.js';
import { registerAliasRoutes } from './alias-routes.js';
import { registerFunctionRoutes } from './function-routes.js';
import { registerInvokeRoute } from './invoke-route.js';
import { authorizeLambda } from './lambda-authorization.js';
import { sendLambdaError, toLambdaError } from './lambda-errors.js';
import { functionsOfThisServer, rolesOfThisAccount } from './lambda-home.js';
import { registerLayerRoutes } from './layer-routes.js';

export const lambdaPlugin: FastifyPluginAsync<{
  functions: FunctionsService;
  auth?: EdgeAuth | undefined;
}> = async (app, { functions, auth }) => {
  // Payloads are bytes of any declared type; each route reads JSON itself where the operation has it.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-amzn-requestid', randomUUID());
  });
  if (auth) {
    app.addHook('preParsing', verifySignedBody(auth, 'lambda'));
    app.addHook('preHandler', authorizeLambda(auth));
    app.addHook('preHandler', rolesOfThisAccount);
  }
  // After authorization (decided on the canonical ARN), as AWS answers: denied, else not found.
  app.addHook('preHandler', functionsOfThisServer(functions));
  app.setErrorHandler((error, request, reply) => {
    const lambdaError = toLambdaError(error);
    if (lambdaError.status >= 500) request.log.error({ err: error }, 'Lambda API request failed');
    return sendLambdaError(reply, lambdaError);
  });
  registerFunctionRoutes(app, functions);
  registerAliasRoutes(app, functions);
  registerInvokeRoute(app, functions);
  registerLayerRoutes(app, functions);
};
