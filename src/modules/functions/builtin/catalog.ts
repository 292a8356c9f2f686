// The built-in functions of the image pipeline, present in every Scones home: what they run and with what.
// Their names start with `scones-`, so the classic exercise's names (serializeImageData, ...) stay free for users,
// as they are in a new AWS account.
import type { RuntimeLanguage } from '../model.js';

/** All three share one code folder (`handlers/`); each has its own handler file. */
export const BUILTIN_CODE_ID = 'image-pipeline';

/** The built-ins' names; `scones up` wires these into its state machine. */
export const BUILTIN_NAMES = {
  serialize: 'scones-serializeImageData',
  classify: 'scones-classifyImage',
  filter: 'scones-filterLowConfidence',
} as const;

export interface BuiltinFunction {
  readonly name: string;
  /** The name homes created before the rename gave it: retired there, unless a user replaced its code. */
  readonly legacyName: string;
  readonly runtime: RuntimeLanguage;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Readonly<Record<string, string>>;
  readonly description: string;
}

// The SDK warns on every cold start that its 2027 releases need Node 22; the pinned release works on 20.
const SDK_QUIET = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export const BUILTIN_FUNCTIONS: readonly BuiltinFunction[] = [
  {
    name: BUILTIN_NAMES.serialize,
    legacyName: 'serializeImageData',
    runtime: 'nodejs',
    handler: 'serialize-image-data.handler',
    timeoutSeconds: 10,
    memoryMb: 256,
    environment: SDK_QUIET,
    description: 'Reads {s3_bucket, s3_key} from the object store and returns the image base64-encoded',
  },
  {
    name: BUILTIN_NAMES.classify,
    legacyName: 'classifyImage',
    runtime: 'nodejs',
    handler: 'classify-image.handler',
    timeoutSeconds: 30,
    memoryMb: 256,
    environment: { ...SDK_QUIET, ENDPOINT_NAME: 'bikes' },
    description:
      'Sends body.image_data to the endpoint ENDPOINT_NAME and puts its probabilities in body.inferences',
  },
  {
    name: BUILTIN_NAMES.filter,
    legacyName: 'filterLowConfidence',
    runtime: 'nodejs',
    handler: 'filter-low-confidence.handler',
    timeoutSeconds: 3,
    memoryMb: 128,
    environment: { THRESHOLD: '0.93' },
    description:
      'Passes the event on when max(body.inferences) >= THRESHOLD, else fails THRESHOLD_CONFIDENCE_NOT_MET',
  },
];
