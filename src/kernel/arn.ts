// The one partition, region and account Scones serves, and the check that an ARN names them. On AWS an ARN in
// another region, account or partition is another resource; here it is a resource that does not exist.

/** Where this server's resources live: every ARN it builds names these, every ARN it accepts must. */
export interface HomeScope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const DEFAULT_HOME: HomeScope = { partition: 'aws', region: 'us-east-1', accountId: '000000000000' };

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the fifth colon (`function:name:qualifier`, `stateMachine:name`, `role/path/name`). */
  readonly resource: string;
}

/** Splits `arn:partition:service:region:account:resource`; undefined for anything else. */
export function parseArn(text: string): ArnParts | undefined {
  const parts = text.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  return { partition, service, region, accountId, resource: parts.slice(5).join(':') };
}

/**
 * Which part of `arn` points away from `home`, or undefined when it names this server. Global services (IAM) have
 * no region in their ARNs: pass `regional: false`.
 */
export function foreignPart(
  home: HomeScope,
  arn: Pick<ArnParts, 'partition' | 'region' | 'accountId'>,
  regional = true,
): 'partition' | 'region' | 'account' | undefined {
  if (arn.partition !== home.partition) return 'partition';
  if (regional ? arn.region !== home.region : arn.region !== '') return 'region';
  if (arn.accountId !== home.accountId) return 'account';
  return undefined;
}
