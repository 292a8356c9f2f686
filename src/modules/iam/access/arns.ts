// ARNs of Scones resources and principals, in AWS's formats (one fixed account, 000000000000).

/** Scones has one account; every ARN names it, so policies written for AWS keep working. */
export const ACCOUNT_ID = '000000000000';
export const PARTITION = 'aws';

export const arns = {
  s3Bucket: (bucket: string) => `arn:${PARTITION}:s3:::${bucket}`,
  s3Object: (bucket: string, key: string) => `arn:${PARTITION}:s3:::${bucket}/${key}`,
  /** With a qualifier (version or alias) the ARN is qualified, as Lambda checks `InvokeFunction` on it. */
  lambdaFunction: (region: string, name: string, qualifier?: string) =>
    `arn:${PARTITION}:lambda:${region}:${ACCOUNT_ID}:function:${name}${qualifier ? `:${qualifier}` : ''}`,
  lambdaLayer: (region: string, name: string, version?: number) =>
    `arn:${PARTITION}:lambda:${region}:${ACCOUNT_ID}:layer:${name}${version === undefined ? '' : `:${version}`}`,
  stateMachine: (region: string, name: string) =>
    `arn:${PARTITION}:states:${region}:${ACCOUNT_ID}:stateMachine:${name}`,
  execution: (region: string, machine: string, name: string) =>
    `arn:${PARTITION}:states:${region}:${ACCOUNT_ID}:execution:${machine}:${name}`,
  activity: (region: string, name: string) =>
    `arn:${PARTITION}:states:${region}:${ACCOUNT_ID}:activity:${name}`,
  /** SageMaker lower-cases resource names in its ARNs. */
  endpoint: (region: string, name: string) =>
    `arn:${PARTITION}:sagemaker:${region}:${ACCOUNT_ID}:endpoint/${name.toLowerCase()}`,
  model: (region: string, name: string) =>
    `arn:${PARTITION}:sagemaker:${region}:${ACCOUNT_ID}:model/${name.toLowerCase()}`,
  trainingJob: (region: string, name: string) =>
    `arn:${PARTITION}:sagemaker:${region}:${ACCOUNT_ID}:training-job/${name.toLowerCase()}`,
  iamUser: (name: string) => `arn:${PARTITION}:iam::${ACCOUNT_ID}:user/${name}`,
  iamRole: (name: string) => `arn:${PARTITION}:iam::${ACCOUNT_ID}:role/${name}`,
  assumedRole: (role: string, session: string) =>
    `arn:${PARTITION}:sts::${ACCOUNT_ID}:assumed-role/${role}/${session}`,
} as const;

/** The role name of `arn:aws:iam::000000000000:role/NAME` (paths allowed), else undefined. */
export function roleNameOf(arn: string): string | undefined {
  const match = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(arn);
  return match?.[1];
}
