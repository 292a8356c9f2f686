// SageMaker's resource names and ARNs (names are case-insensitive: ARNs lower-case them) and its "not found" words.
import { sagemakerControlError } from './errors.js';

export interface Home {
  readonly region: string;
  readonly accountId: string;
}

export type ArnType =
  | 'model'
  | 'endpoint-config'
  | 'endpoint'
  | 'training-job'
  | 'data-quality-job-definition'
  | 'monitoring-schedule';

/** SageMaker's pattern for model, endpoint-config, endpoint and training job names. */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export function arnOf(home: Home, type: ArnType, name: string): string {
  return `arn:aws:sagemaker:${home.region}:${home.accountId}:${type}/${name.toLowerCase()}`;
}

export function assertName(member: string, name: string): void {
  if (!NAME_PATTERN.test(name))
    throw sagemakerControlError(
      'VALIDATION',
      `1 validation error detected: Value '${name}' at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
    );
}

const WORDS: Readonly<Record<ArnType, string>> = {
  model: 'model',
  'endpoint-config': 'endpoint configuration',
  endpoint: 'endpoint',
  'training-job': 'training job',
  'data-quality-job-definition': 'data quality job definition',
  'monitoring-schedule': 'monitoring schedule',
};

/** SageMaker's ValidationException for a missing model, endpoint config or endpoint. */
export function notFound(home: Home, type: ArnType, name: string) {
  return sagemakerControlError('NOT_FOUND', `Could not find ${WORDS[type]} "${arnOf(home, type, name)}".`, {
    type,
    name,
  });
}

export function alreadyExists(home: Home, type: ArnType, name: string) {
  return sagemakerControlError(
    'VALIDATION',
    `Cannot create already existing ${WORDS[type]} "${arnOf(home, type, name)}".`,
    { type, name },
  );
}
