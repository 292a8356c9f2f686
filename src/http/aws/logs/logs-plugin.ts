// The CloudWatch Logs API (AWS JSON 1.1): `POST /` with `X-Amz-Target: Logs_20140328.<Operation>`, answering
// AWS's shapes and `{__type, message}` errors. Routed like Step Functions, by the X-Amz-Target prefix (the
// `amzTarget` route constraint). With auth on, the signature (scope `logs`) is verified over the body and the
// operation authorized as `logs:<Operation>` on the log group's ARN.
import type { FastifyPluginAsync } from 'fastify';
import { access } from '../../../modules/iam/index.js';
import { type EdgeAuth, enforceAccess, homeOf } from '../../auth/edge-auth.js';
import { serveJsonTarget } from '../json-target.js';
import type { LogGroupSource } from './log-source.js';
import { LOGS_OPERATIONS } from './logs-operations.js';
import { type Body, LogsError, wireError } from './logs-wire.js';

export const logsPlugin: FastifyPluginAsync<{
  sources: readonly LogGroupSource[];
  region: string;
  accountId: string;
  auth?: EdgeAuth | undefined;
}> = async (app, { sources, region, accountId, auth }) => {
  serveJsonTarget(app, {
    prefix: 'Logs_20140328',
    contentType: 'application/x-amz-json-1.1',
    signingName: 'logs',
    title: 'CloudWatch Logs',
    auth,
    isOperation: (name) => Object.hasOwn(LOGS_OPERATIONS, name),
    protocolError: (type, message) => new LogsError(type, message),
    wireError,
    async run(name, members: Body, request) {
      if (auth)
        await enforceAccess(auth, request, [access(`logs:${name}`, resourceOf(members, homeOf(auth)))]);
      const operation = LOGS_OPERATIONS[name] as (typeof LOGS_OPERATIONS)[string];
      return operation({ sources, region, accountId }, members);
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
