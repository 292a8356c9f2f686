// The CloudWatch Logs API (AWS JSON 1.1): `POST /` with `X-Amz-Target: Logs_20140328.<Operation>`, answering
// AWS's shapes and `{__type, message}` errors. Routed like Step Functions, by the X-Amz-Target prefix (the
// `amzTarget` route constraint). With auth on, the signature (scope `logs`) is verified over the body and the
// operation authorized as `logs:<Operation>` on the log group's ARN.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../../../modules/iam/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { jsonAuthError } from '../../auth/iam-wire-errors.js';
import { verifySignedBody } from '../../auth/signed-body.js';
import { AMZ_TARGET, ensureTargetConstraint } from '../sfn/target-constraint.js';
import type { LogGroupSource } from './log-source.js';
import { LOGS_OPERATIONS } from './logs-operations.js';
import { type Body, LogsError, wireError } from './logs-wire.js';

const PREFIX = 'Logs_20140328';
const CONTENT_TYPE = 'application/x-amz-json-1.1';

export const logsPlugin: FastifyPluginAsync<{
  sources: readonly LogGroupSource[];
  region: string;
  accountId: string;
  auth?: EdgeAuth | undefined;
}> = async (app, { sources, region, accountId, auth }) => {
  ensureTargetConstraint(app);
  if (auth) app.addHook('preParsing', verifySignedBody(auth, 'logs'));
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') return done(null, {});
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new LogsError('SerializationException', 'The request body is not valid JSON'));
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const denied = jsonAuthError(error);
    const wire = denied
      ? { status: denied.status, type: denied.code, message: denied.message }
      : wireError(error);
    if (wire.status >= 500) request.log.error({ err: error }, 'CloudWatch Logs request failed');
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
      const operation = Object.hasOwn(LOGS_OPERATIONS, name) ? LOGS_OPERATIONS[name] : undefined;
      if (operation === undefined)
        throw new LogsError('UnknownOperationException', `Unknown operation ${target}`);
      const body = request.body;
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new LogsError('SerializationException', 'The request body must be a JSON object');
      const members = body as Body;
      if (auth)
        await enforceAccess(auth, request, [access(`logs:${name}`, resourceOf(members, homeOf(auth)))]);
      return reply.type(CONTENT_TYPE).send(await operation({ sources, region, accountId }, members));
    },
  });
};

/** DescribeLogGroups acts on every group; the others on the group they name (by name or ARN). */
function resourceOf(body: Body, home: { region: string; accountId: string }): string {
  const named = body.logGroupName ?? body.logGroupIdentifier;
  const group =
    typeof named === 'string'
      ? named.replace(/^arn:[^:]+:logs:[^:]*:\d*:log-group:/, '').replace(/:\*$/, '')
      : '*';
  return `arn:aws:logs:${home.region}:${home.accountId}:log-group:${group}${group === '*' ? '' : ':*'}`;
}
