// SageMaker (runtime and the control-plane calls Scones serves) -> IAM actions on SageMaker ARNs.
import { type AccessRequest, access } from './access-request.js';
import { arns, canonicalRoleArn } from './arns.js';

type Scope =
  | 'endpoint'
  | 'endpoint-config'
  | 'model'
  | 'training-job'
  | 'monitoring-schedule'
  | 'data-quality-job-definition'
  | 'all';
const OPERATIONS = {
  InvokeEndpoint: ['sagemaker:InvokeEndpoint', 'endpoint'],
  InvokeEndpointAsync: ['sagemaker:InvokeEndpointAsync', 'endpoint'],
  InvokeEndpointWithResponseStream: ['sagemaker:InvokeEndpointWithResponseStream', 'endpoint'],
  CreateEndpoint: ['sagemaker:CreateEndpoint', 'endpoint'],
  UpdateEndpoint: ['sagemaker:UpdateEndpoint', 'endpoint'],
  DeleteEndpoint: ['sagemaker:DeleteEndpoint', 'endpoint'],
  DescribeEndpoint: ['sagemaker:DescribeEndpoint', 'endpoint'],
  ListEndpoints: ['sagemaker:ListEndpoints', 'all'],
  CreateModel: ['sagemaker:CreateModel', 'model'],
  DeleteModel: ['sagemaker:DeleteModel', 'model'],
  DescribeModel: ['sagemaker:DescribeModel', 'model'],
  ListModels: ['sagemaker:ListModels', 'all'],
  CreateEndpointConfig: ['sagemaker:CreateEndpointConfig', 'endpoint-config'],
  DescribeEndpointConfig: ['sagemaker:DescribeEndpointConfig', 'endpoint-config'],
  DeleteEndpointConfig: ['sagemaker:DeleteEndpointConfig', 'endpoint-config'],
  ListEndpointConfigs: ['sagemaker:ListEndpointConfigs', 'all'],
  CreateTrainingJob: ['sagemaker:CreateTrainingJob', 'training-job'],
  DescribeTrainingJob: ['sagemaker:DescribeTrainingJob', 'training-job'],
  StopTrainingJob: ['sagemaker:StopTrainingJob', 'training-job'],
  ListTrainingJobs: ['sagemaker:ListTrainingJobs', 'all'],
  CreateDataQualityJobDefinition: ['sagemaker:CreateDataQualityJobDefinition', 'data-quality-job-definition'],
  DescribeDataQualityJobDefinition: [
    'sagemaker:DescribeDataQualityJobDefinition',
    'data-quality-job-definition',
  ],
  DeleteDataQualityJobDefinition: ['sagemaker:DeleteDataQualityJobDefinition', 'data-quality-job-definition'],
  ListDataQualityJobDefinitions: ['sagemaker:ListDataQualityJobDefinitions', 'all'],
  CreateMonitoringSchedule: ['sagemaker:CreateMonitoringSchedule', 'monitoring-schedule'],
  DescribeMonitoringSchedule: ['sagemaker:DescribeMonitoringSchedule', 'monitoring-schedule'],
  DeleteMonitoringSchedule: ['sagemaker:DeleteMonitoringSchedule', 'monitoring-schedule'],
  StopMonitoringSchedule: ['sagemaker:StopMonitoringSchedule', 'monitoring-schedule'],
  StartMonitoringSchedule: ['sagemaker:StartMonitoringSchedule', 'monitoring-schedule'],
  ListMonitoringSchedules: ['sagemaker:ListMonitoringSchedules', 'all'],
  ListMonitoringExecutions: ['sagemaker:ListMonitoringExecutions', 'all'],
} as const satisfies Record<string, readonly [string, Scope]>;

export type SageMakerOperation = keyof typeof OPERATIONS;
export const SAGEMAKER_OPERATIONS = Object.keys(OPERATIONS) as readonly SageMakerOperation[];

export interface SageMakerTarget {
  /** The server's region and account (never the caller's). */
  readonly region: string;
  readonly accountId?: string;
  /** Endpoint, model or training job name, per the operation. */
  readonly name?: string;
  /** InvokeEndpoint's TargetVariant, exposed as sagemaker:TargetVariant. */
  readonly targetVariant?: string;
  /** CreateModel / CreateTrainingJob (and endpoint calls) with an execution role also need iam:PassRole on it. */
  readonly roleArn?: string;
}

const PASSES_ROLE = new Set<SageMakerOperation>([
  'CreateEndpoint',
  'UpdateEndpoint',
  'CreateModel',
  'CreateTrainingJob',
  'CreateDataQualityJobDefinition',
]);

const RESOURCES: Readonly<
  Record<Exclude<Scope, 'all'>, (region: string, name: string, account?: string) => string>
> = {
  endpoint: arns.endpoint,
  'endpoint-config': arns.endpointConfig,
  model: arns.model,
  'training-job': arns.trainingJob,
  'monitoring-schedule': arns.monitoringSchedule,
  'data-quality-job-definition': arns.dataQualityJobDefinition,
};

export function sagemakerAccess(operation: SageMakerOperation, target: SageMakerTarget): AccessRequest[] {
  const [action, scope] = OPERATIONS[operation];
  const name = target.name ?? '';
  const resource = scope === 'all' ? '*' : RESOURCES[scope](target.region, name, target.accountId);
  const requests = [access(action, resource, { 'sagemaker:TargetVariant': target.targetVariant })];
  if (target.roleArn && PASSES_ROLE.has(operation))
    requests.push(
      access('iam:PassRole', canonicalRoleArn(target.roleArn, target.accountId), {
        'iam:PassedToService': 'sagemaker.amazonaws.com',
      }),
    );
  return requests;
}
