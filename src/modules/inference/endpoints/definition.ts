// Endpoint definitions: production variants and data capture, with SageMaker's naming and weight rules.
import { parseS3Uri } from '../../storage/index.js';
import { inferenceError } from '../errors.js';

/** One production variant: a fixed model version and its share of the traffic. */
export interface VariantSpec {
  readonly name: string;
  readonly modelVersion: number;
  readonly weight: number;
}

export interface CaptureConfig {
  readonly enabled: boolean;
  /** Share of invocations captured, 0..100. */
  readonly samplingPercent: number;
  readonly captureInput: boolean;
  readonly captureOutput: boolean;
  /** `s3://bucket/prefix`; files go to `<prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/`. */
  readonly destination: string;
}

/** The capture settings a deploy may give, and nothing else (an unknown field is refused, as AWS does). */
export const CAPTURE_FIELDS = [
  'enabled',
  'samplingPercent',
  'captureInput',
  'captureOutput',
  'destination',
] as const satisfies readonly (keyof CaptureConfig)[];

export interface EndpointDefinition {
  readonly name: string;
  readonly variants: readonly VariantSpec[];
  readonly capture: CaptureConfig;
  /**
   * The IAM role the endpoint acts as (SageMaker's ExecutionRoleArn): with auth on, capture files are written
   * only where this role may `s3:PutObject`. Absent: capture writes are denied when auth is on.
   */
  readonly executionRoleArn?: string | undefined;
}

/** SageMaker's name rule for endpoints and variants. */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const MAX_NAME_LENGTH = 63;
export const DEFAULT_VARIANT_NAME = 'AllTraffic';

export function assertEndpointName(name: string): void {
  if (name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(name))
    throw inferenceError(
      'INVALID_ENDPOINT_NAME',
      `endpoint name ${JSON.stringify(name)} is invalid: use 1 to ${MAX_NAME_LENGTH} letters, digits and hyphens, starting and ending with a letter or digit`,
      { name },
    );
}

/** SageMaker's RoleArn pattern (20 to 2048 characters). */
const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

export function captureDisabled(destination: string): CaptureConfig {
  return { enabled: false, samplingPercent: 0, captureInput: true, captureOutput: true, destination };
}

/** Checks a definition as a whole; throws INVALID_DEFINITION naming the first problem. */
export function validateDefinition(definition: EndpointDefinition): EndpointDefinition {
  assertEndpointName(definition.name);
  const invalid = (message: string) =>
    inferenceError('INVALID_DEFINITION', `endpoint ${definition.name}: ${message}`, {
      endpoint: definition.name,
    });
  if (definition.variants.length === 0) throw invalid('needs at least one production variant');
  const seen = new Set<string>();
  for (const variant of definition.variants) {
    if (variant.name.length > MAX_NAME_LENGTH || !NAME_PATTERN.test(variant.name))
      throw invalid(`variant name ${JSON.stringify(variant.name)} is invalid (letters, digits, hyphens)`);
    if (seen.has(variant.name)) throw invalid(`variant ${variant.name} is listed twice`);
    seen.add(variant.name);
    if (!Number.isFinite(variant.weight) || variant.weight < 0)
      throw invalid(`variant ${variant.name} has weight ${variant.weight}; weights are numbers >= 0`);
    if (!Number.isInteger(variant.modelVersion) || variant.modelVersion < 1)
      throw invalid(`variant ${variant.name} has no valid model version`);
  }
  if (!definition.variants.some((v) => v.weight > 0))
    throw invalid('at least one variant needs a weight > 0');
  const capture = definition.capture;
  if (!(capture.samplingPercent >= 0 && capture.samplingPercent <= 100))
    throw invalid(`capture sampling must be 0..100 percent (got ${capture.samplingPercent})`);
  if (capture.enabled && !capture.captureInput && !capture.captureOutput)
    throw invalid('capture is enabled but captures neither input nor output');
  parseS3Uri(capture.destination);
  const role = definition.executionRoleArn;
  if (role !== undefined && (role.length < 20 || role.length > 2048 || !ROLE_ARN_PATTERN.test(role)))
    throw invalid(`executionRoleArn ${JSON.stringify(role)} is not an IAM role ARN`);
  return definition;
}
