// Lambda API operations -> IAM actions on function/layer ARNs (and iam:PassRole for the execution role).
import { type AccessRequest, access } from './access-request.js';
import { arns, canonicalRoleArn } from './arns.js';

type Scope = 'function' | 'layer' | 'all';
const OPERATIONS = {
  Invoke: ['lambda:InvokeFunction', 'function'],
  InvokeAsync: ['lambda:InvokeFunction', 'function'],
  InvokeWithResponseStream: ['lambda:InvokeFunction', 'function'],
  CreateFunction: ['lambda:CreateFunction', 'function'],
  DeleteFunction: ['lambda:DeleteFunction', 'function'],
  GetFunction: ['lambda:GetFunction', 'function'],
  GetFunctionConfiguration: ['lambda:GetFunctionConfiguration', 'function'],
  UpdateFunctionCode: ['lambda:UpdateFunctionCode', 'function'],
  UpdateFunctionConfiguration: ['lambda:UpdateFunctionConfiguration', 'function'],
  ListFunctions: ['lambda:ListFunctions', 'all'],
  PublishVersion: ['lambda:PublishVersion', 'function'],
  ListVersionsByFunction: ['lambda:ListVersionsByFunction', 'function'],
  CreateAlias: ['lambda:CreateAlias', 'function'],
  GetAlias: ['lambda:GetAlias', 'function'],
  UpdateAlias: ['lambda:UpdateAlias', 'function'],
  DeleteAlias: ['lambda:DeleteAlias', 'function'],
  ListAliases: ['lambda:ListAliases', 'function'],
  PutFunctionConcurrency: ['lambda:PutFunctionConcurrency', 'function'],
  GetFunctionConcurrency: ['lambda:GetFunctionConcurrency', 'function'],
  DeleteFunctionConcurrency: ['lambda:DeleteFunctionConcurrency', 'function'],
  TagResource: ['lambda:TagResource', 'function'],
  UntagResource: ['lambda:UntagResource', 'function'],
  ListTags: ['lambda:ListTags', 'function'],
  PublishLayerVersion: ['lambda:PublishLayerVersion', 'layer'],
  GetLayerVersion: ['lambda:GetLayerVersion', 'layer'],
  DeleteLayerVersion: ['lambda:DeleteLayerVersion', 'layer'],
  ListLayerVersions: ['lambda:ListLayerVersions', 'all'],
  ListLayers: ['lambda:ListLayers', 'all'],
  AddLayerVersionPermission: ['lambda:AddLayerVersionPermission', 'layer'],
  GetLayerVersionPolicy: ['lambda:GetLayerVersionPolicy', 'layer'],
  RemoveLayerVersionPermission: ['lambda:RemoveLayerVersionPermission', 'layer'],
} as const satisfies Record<string, readonly [string, Scope]>;

export type LambdaOperation = keyof typeof OPERATIONS;
export const LAMBDA_OPERATIONS = Object.keys(OPERATIONS) as readonly LambdaOperation[];

export interface LambdaTarget {
  /** The server's region and account (never the caller's): ARNs are the canonical ones of the resource. */
  readonly region: string;
  readonly accountId?: string;
  readonly functionName?: string;
  /** Version or alias: Invoke with a qualifier is checked on the qualified ARN, as Lambda does. */
  readonly qualifier?: string;
  readonly layerName?: string;
  readonly layerVersion?: number;
  /** CreateFunction / UpdateFunctionConfiguration with a role also need iam:PassRole on it. */
  readonly roleArn?: string;
}

export function lambdaAccess(operation: LambdaOperation, target: LambdaTarget): AccessRequest[] {
  const [action, scope] = OPERATIONS[operation];
  const name = target.functionName ?? '';
  const resource =
    scope === 'all'
      ? '*'
      : scope === 'layer'
        ? arns.lambdaLayer(target.region, target.layerName ?? '', target.layerVersion, target.accountId)
        : arns.lambdaFunction(target.region, name, target.qualifier, target.accountId);
  const requests = [
    access(action, resource, { 'lambda:FunctionArn': scope === 'function' ? resource : undefined }),
  ];
  if (target.roleArn && (operation === 'CreateFunction' || operation === 'UpdateFunctionConfiguration'))
    requests.push(
      access('iam:PassRole', canonicalRoleArn(target.roleArn, target.accountId), {
        'iam:PassedToService': 'lambda.amazonaws.com',
      }),
    );
  return requests;
}
