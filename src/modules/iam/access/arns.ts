// ARNs of Scones resources and principals, in AWS's formats (one fixed account, 000000000000).

/** Scones has one account; every ARN names it, so policies written for AWS keep working. */
export const ACCOUNT_ID = '000000000000';
export const PARTITION = 'aws';

export const arns = {
  s3Bucket: (bucket: string) => `arn:${PARTITION}:s3:::${bucket}`,
  s3Object: (bucket: string, key: string) => `arn:${PARTITION}:s3:::${bucket}/${key}`,
  /** With a qualifier (version or alias) the ARN is qualified, as Lambda checks `InvokeFunction` on it. */
  lambdaFunction: (region: string, name: string, qualifier?: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:lambda:${region}:${account}:function:${name}${qualifier ? `:${qualifier}` : ''}`,
  lambdaLayer: (region: string, name: string, version?: number, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:lambda:${region}:${account}:layer:${name}${version === undefined ? '' : `:${version}`}`,
  stateMachine: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:states:${region}:${account}:stateMachine:${name}`,
  execution: (region: string, machine: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:states:${region}:${account}:execution:${machine}:${name}`,
  activity: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:states:${region}:${account}:activity:${name}`,
  /** SageMaker lower-cases resource names in its ARNs. */
  endpoint: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:endpoint/${name.toLowerCase()}`,
  model: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:model/${name.toLowerCase()}`,
  endpointConfig: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:endpoint-config/${name.toLowerCase()}`,
  trainingJob: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:training-job/${name.toLowerCase()}`,
  monitoringSchedule: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:monitoring-schedule/${name.toLowerCase()}`,
  dataQualityJobDefinition: (region: string, name: string, account = ACCOUNT_ID) =>
    `arn:${PARTITION}:sagemaker:${region}:${account}:data-quality-job-definition/${name.toLowerCase()}`,
  iamUser: (name: string) => `arn:${PARTITION}:iam::${ACCOUNT_ID}:user/${name}`,
  iamRole: (name: string) => `arn:${PARTITION}:iam::${ACCOUNT_ID}:role/${name}`,
  assumedRole: (role: string, session: string) =>
    `arn:${PARTITION}:sts::${ACCOUNT_ID}:assumed-role/${role}/${session}`,
} as const;

/**
 * The ARN a role is authorized under: `arn:aws:iam::000000000000:role/a/b/NAME` is the role NAME (roles are found by
 * name), so iam:PassRole is checked on NAME's own ARN and no path spelling escapes a Deny written on it. A value that
 * names no role of this account is checked as given (it resolves to no role). `configuredAccount`: see `roleNameOf`.
 */
export function canonicalRoleArn(arn: string, configuredAccount = ACCOUNT_ID): string {
  const name = roleNameOf(arn, configuredAccount);
  return name === undefined ? arn : arns.iamRole(name);
}

/**
 * The role name of `arn:aws:iam::000000000000:role/NAME` (paths allowed), else undefined. Roles live in IAM's account;
 * `configuredAccount` (`workflows.accountId`, when set to another) is this server's too, as ARNs built from it name
 * the same roles. A role ARN of any other partition or account names another account's role, never ours.
 */
export function roleNameOf(arn: string, configuredAccount = ACCOUNT_ID): string | undefined {
  const match = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  const account = match?.[1];
  return account === ACCOUNT_ID || account === configuredAccount ? match?.[2] : undefined;
}
