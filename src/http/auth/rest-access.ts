// The REST API's routes as the AWS operations they mirror: the same IAM actions on the same ARNs, so one policy
// governs a resource whichever API reaches it.
import {
  type AccessRequest,
  access,
  arns,
  lambdaAccess,
  s3Access,
  sagemakerAccess,
  statesAccess,
} from '../../modules/iam/index.js';

export interface RouteCall {
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: Readonly<Record<string, unknown>>;
  /** The server's region and account (never the caller's): every ARN is the resource's canonical one. */
  readonly region: string;
  readonly accountId: string;
  /** The parsed body (rules run once it is read): CreateStateMachine's name and role. */
  readonly body: unknown;
}

type Rule = (call: RouteCall) => AccessRequest[];

const p = (call: RouteCall, name: string) => call.params[name] ?? '';
const q = (call: RouteCall, name: string) => {
  const value = call.query[name];
  return typeof value === 'string' ? value : undefined;
};
const bodyString = (call: RouteCall, name: string) => {
  const value = (call.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

const machine = (call: RouteCall) => ({
  region: call.region,
  accountId: call.accountId,
  stateMachineName: p(call, 'name'),
});
const execution = (call: RouteCall) => ({
  region: call.region,
  accountId: call.accountId,
  executionArn: arns.execution(call.region, p(call, 'name'), p(call, 'execution'), call.accountId),
});
const states =
  (action: string, resource: (call: RouteCall) => string): Rule =>
  (call) => [access(`states:${action}`, resource(call))];
const machineArn = (call: RouteCall) => arns.stateMachine(call.region, p(call, 'name'), call.accountId);
const aliasArn = (call: RouteCall) => `${machineArn(call)}:${p(call, 'alias')}`;

const monitoringSchedule = (call: RouteCall) =>
  `arn:aws:sagemaker:${call.region}:${call.accountId}:monitoring-schedule/${p(call, 'endpoint').toLowerCase()}`;
const sagemaker =
  (action: string): Rule =>
  (call) => [access(`sagemaker:${action}`, monitoringSchedule(call))];
const alarm =
  (action: string): Rule =>
  (call) => [
    access(
      `cloudwatch:${action}`,
      `arn:aws:cloudwatch:${call.region}:${call.accountId}:alarm:${p(call, 'name')}`,
    ),
  ];
const cloudwatch =
  (action: string): Rule =>
  () => [access(`cloudwatch:${action}`, '*')];
const fn =
  (operation: Parameters<typeof lambdaAccess>[0]): Rule =>
  (call) =>
    lambdaAccess(operation, {
      region: call.region,
      accountId: call.accountId,
      functionName: p(call, 'name'),
    });
const endpoint =
  (operation: Parameters<typeof sagemakerAccess>[0]): Rule =>
  (call) =>
    sagemakerAccess(operation, { region: call.region, accountId: call.accountId, name: p(call, 'name') });

/** `METHOD /api/v1/route` (Fastify's route URL) -> the permissions it needs. */
export const REST_RULES: Readonly<Record<string, Rule>> = {
  'GET /api/v1/buckets': () => s3Access('ListBuckets'),
  'PUT /api/v1/buckets/:bucket': (c) => s3Access('CreateBucket', { bucket: p(c, 'bucket') }),
  'GET /api/v1/buckets/:bucket': (c) => s3Access('HeadBucket', { bucket: p(c, 'bucket') }),
  'DELETE /api/v1/buckets/:bucket': (c) => s3Access('DeleteBucket', { bucket: p(c, 'bucket') }),
  'GET /api/v1/buckets/:bucket/objects': (c) =>
    s3Access('ListObjectsV2', {
      bucket: p(c, 'bucket'),
      ...(q(c, 'prefix') === undefined ? {} : { prefix: q(c, 'prefix') as string }),
      ...(q(c, 'delimiter') === undefined ? {} : { delimiter: q(c, 'delimiter') as string }),
    }),
  'PUT /api/v1/buckets/:bucket/objects/*': (c) =>
    s3Access('PutObject', { bucket: p(c, 'bucket'), key: p(c, '*') }),
  'GET /api/v1/buckets/:bucket/objects/*': (c) =>
    s3Access('GetObject', { bucket: p(c, 'bucket'), key: p(c, '*') }),
  'DELETE /api/v1/buckets/:bucket/objects/*': (c) =>
    s3Access('DeleteObject', { bucket: p(c, 'bucket'), key: p(c, '*') }),

  'GET /api/v1/functions': () => lambdaAccess('ListFunctions', { region: '' }),
  'GET /api/v1/functions/:name': fn('GetFunction'),
  'POST /api/v1/functions/:name/invoke': fn('Invoke'),
  'GET /api/v1/functions/:name/invocations/:requestId': fn('GetFunction'),
  'GET /api/v1/functions/:name/logs': (c) => [
    access(
      'logs:GetLogEvents',
      `arn:aws:logs:${c.region}:${c.accountId}:log-group:/aws/lambda/${p(c, 'name')}`,
    ),
  ],

  'GET /api/v1/endpoints': endpoint('ListEndpoints'),
  'GET /api/v1/endpoints/:name': endpoint('DescribeEndpoint'),
  // With an executionRoleArn (the role capture writes as), also iam:PassRole on it, as CreateModel needs on AWS.
  'PUT /api/v1/endpoints/:name': (c) =>
    sagemakerAccess('CreateEndpoint', {
      region: c.region,
      name: p(c, 'name'),
      ...(bodyString(c, 'executionRoleArn') === undefined
        ? {}
        : { roleArn: bodyString(c, 'executionRoleArn') as string }),
    }),
  'DELETE /api/v1/endpoints/:name': endpoint('DeleteEndpoint'),
  'GET /api/v1/endpoints/:name/invocations': endpoint('DescribeEndpoint'),
  // The route itself also checks s3:ListBucket on the capture folder and s3:GetObject on each file it reads
  // (endpoint-captures.ts): the captured images and predictions are S3 objects, governed by the same policy.
  'GET /api/v1/endpoints/:name/captures': endpoint('DescribeEndpoint'),
  'GET /api/v1/models': () => [access('sagemaker:ListModels', '*')],
  'GET /api/v1/models/:version': (c) =>
    sagemakerAccess('DescribeModel', { region: c.region, accountId: c.accountId, name: p(c, 'version') }),
  // Only the names `scones up` uses (bucket, endpoint, state machines): any signed-in caller may read them.
  'GET /api/v1/pipeline': () => [],
  'GET /api/v1/pipeline/baselines/:endpoint': sagemaker('DescribeMonitoringSchedule'),

  'POST /api/v1/monitoring/endpoints/:endpoint/baseline': sagemaker('CreateProcessingJob'),
  'GET /api/v1/monitoring/endpoints/:endpoint/constraints': sagemaker('DescribeMonitoringSchedule'),
  'PUT /api/v1/monitoring/endpoints/:endpoint/constraints': sagemaker('UpdateMonitoringSchedule'),
  'POST /api/v1/monitoring/endpoints/:endpoint/reports': sagemaker('StartMonitoringSchedule'),
  'GET /api/v1/monitoring/endpoints/:endpoint/reports': sagemaker('ListMonitoringExecutions'),
  'PUT /api/v1/monitoring/endpoints/:endpoint/schedule': sagemaker('CreateMonitoringSchedule'),
  'DELETE /api/v1/monitoring/endpoints/:endpoint/schedule': sagemaker('DeleteMonitoringSchedule'),
  'GET /api/v1/monitoring/schedules': () => [access('sagemaker:ListMonitoringSchedules', '*')],
  'GET /api/v1/metrics': cloudwatch('ListMetrics'),
  'GET /api/v1/metrics/statistics': cloudwatch('GetMetricStatistics'),
  'POST /api/v1/metrics/data': cloudwatch('GetMetricData'),
  'POST /api/v1/metrics/events': cloudwatch('PutMetricData'),
  'GET /api/v1/alarms': cloudwatch('DescribeAlarms'),
  'PUT /api/v1/alarms/:name': alarm('PutMetricAlarm'),
  'GET /api/v1/alarms/:name': alarm('DescribeAlarms'),
  'DELETE /api/v1/alarms/:name': alarm('DeleteAlarms'),
  'POST /api/v1/alarms/defaults': cloudwatch('PutMetricAlarm'),
  'GET /api/v1/alarms/:name/history': alarm('DescribeAlarmHistory'),
  'POST /api/v1/alarms/:name/state': alarm('SetAlarmState'),
  'POST /api/v1/alarms/evaluate': cloudwatch('DescribeAlarms'),

  'GET /api/v1/state-machines': (c) =>
    statesAccess('ListStateMachines', { region: c.region, accountId: c.accountId }),
  'POST /api/v1/state-machines': (c) =>
    statesAccess('CreateStateMachine', {
      region: c.region,
      accountId: c.accountId,
      stateMachineName: bodyString(c, 'name') ?? '',
      ...(bodyString(c, 'roleArn') === undefined ? {} : { roleArn: bodyString(c, 'roleArn') as string }),
    }),
  'GET /api/v1/state-machines/:name': (c) => statesAccess('DescribeStateMachine', machine(c)),
  'PUT /api/v1/state-machines/:name': (c) =>
    statesAccess('UpdateStateMachine', {
      ...machine(c),
      ...(bodyString(c, 'roleArn') === undefined ? {} : { roleArn: bodyString(c, 'roleArn') as string }),
    }),
  'DELETE /api/v1/state-machines/:name': (c) => statesAccess('DeleteStateMachine', machine(c)),
  'POST /api/v1/state-machines/:name/versions': states('PublishStateMachineVersion', machineArn),
  'GET /api/v1/state-machines/:name/versions': states('ListStateMachineVersions', machineArn),
  'POST /api/v1/state-machines/:name/aliases': states('CreateStateMachineAlias', machineArn),
  'GET /api/v1/state-machines/:name/aliases': states('ListStateMachineAliases', machineArn),
  'GET /api/v1/state-machines/:name/aliases/:alias': states('DescribeStateMachineAlias', aliasArn),
  'PUT /api/v1/state-machines/:name/aliases/:alias': states('UpdateStateMachineAlias', aliasArn),
  'DELETE /api/v1/state-machines/:name/aliases/:alias': states('DeleteStateMachineAlias', aliasArn),
  'POST /api/v1/state-machines/:name/executions': (c) => statesAccess('StartExecution', machine(c)),
  'POST /api/v1/state-machines/:name/sync-executions': (c) => statesAccess('StartSyncExecution', machine(c)),
  'GET /api/v1/state-machines/:name/executions': (c) => statesAccess('ListExecutions', machine(c)),
  'GET /api/v1/state-machines/:name/executions/:execution': (c) =>
    statesAccess('DescribeExecution', execution(c)),
  'GET /api/v1/state-machines/:name/executions/:execution/history': (c) =>
    statesAccess('GetExecutionHistory', execution(c)),
  'POST /api/v1/state-machines/:name/executions/:execution/stop': (c) =>
    statesAccess('StopExecution', execution(c)),
  'POST /api/v1/tasks/success': (c) =>
    statesAccess('SendTaskSuccess', { region: c.region, accountId: c.accountId }),
  'POST /api/v1/tasks/failure': (c) =>
    statesAccess('SendTaskFailure', { region: c.region, accountId: c.accountId }),
  'POST /api/v1/tasks/heartbeat': (c) =>
    statesAccess('SendTaskHeartbeat', { region: c.region, accountId: c.accountId }),
  'POST /api/v1/workflows/validate': (c) =>
    statesAccess('ValidateStateMachineDefinition', { region: c.region, accountId: c.accountId }),
  'POST /api/v1/workflows/test-state': () => [access('states:TestState', '*')],

  'GET /metrics': cloudwatch('GetMetricData'),
};

/**
 * The permissions of a route; a route missing from the table needs `scones:<METHOD> <url>`, which only an
 * administrator's `*` grants, so a new route is never left open by mistake.
 */
export function restPermissions(method: string, url: string, call: RouteCall): AccessRequest[] {
  const rule = REST_RULES[`${method} ${url}`];
  return rule ? rule(call) : [access(`scones:${method}${url.replace(/[^A-Za-z0-9]+/g, '-')}`, '*')];
}
