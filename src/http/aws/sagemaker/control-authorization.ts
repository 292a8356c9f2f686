// IAM at the SageMaker control-plane edge: `SageMaker.<Operation>` -> `sagemaker:<Operation>` on the resource the
// request names (model, endpoint-config, endpoint or training-job ARN of this server), plus iam:PassRole for a role.
import type { HomeScope } from '../../../kernel/arn.js';
import {
  type AccessRequest,
  access,
  SAGEMAKER_OPERATIONS,
  type SageMakerOperation,
  sagemakerAccess,
} from '../../../modules/iam/index.js';

type Body = Readonly<Record<string, unknown>>;

const NAME_MEMBERS = [
  'ModelName',
  'EndpointConfigName',
  'EndpointName',
  'TrainingJobName',
  'JobDefinitionName',
  'MonitoringScheduleName',
];

export function controlPermissions(operation: string, body: Body, home: HomeScope): AccessRequest[] {
  if (!(SAGEMAKER_OPERATIONS as readonly string[]).includes(operation))
    return [access(`sagemaker:${operation}`, '*')];
  const op = operation as SageMakerOperation;
  // Endpoint calls name the endpoint first; config calls have only the config's name.
  const member = op.endsWith('EndpointConfig')
    ? 'EndpointConfigName'
    : NAME_MEMBERS.find((m) => m !== 'EndpointConfigName' && typeof body[m] === 'string');
  const name = member === undefined ? undefined : body[member];
  const role = body.ExecutionRoleArn ?? body.RoleArn;
  return sagemakerAccess(op, {
    region: home.region,
    accountId: home.accountId,
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof role === 'string' ? { roleArn: role } : {}),
  });
}
