// Error codes of the function runtime; handler failures are results, not these.
import { defineErrors } from '../../kernel/errors.js';

export const functionsError = defineErrors('FUNCTIONS', {
  /** A function definition breaks a rule (name, handler, timeout, memory, environment). */
  INVALID_CONFIG: 'invalid',
  /** The invocation payload is not JSON. */
  INVALID_PAYLOAD: 'invalid',
  /** The payload exceeds what Lambda accepts for this invocation type. */
  REQUEST_TOO_LARGE: 'too_large',
  /** Reserved or account concurrency is exhausted (Lambda's TooManyRequestsException). */
  TOO_MANY_REQUESTS: 'unavailable',
  /** A function (or the function of an asynchronous invocation) that does not exist. */
  FUNCTION_NOT_FOUND: 'not_found',
  /** An asynchronous invocation id that the queue does not hold. */
  INVOCATION_NOT_FOUND: 'not_found',
  /** A function version's code folder or file does not exist. */
  CODE_NOT_FOUND: 'not_found',
  /** Stored code that cannot be unpacked: not a tar Scones made, or its checksum differs from the recorded one. */
  CODE_CORRUPT: 'internal',
  /** The language runtime (python3, node) or the guest bootstrap could not be started. */
  RUNTIME_UNAVAILABLE: 'unavailable',
  /** The runtime was closed. */
  CLOSED: 'unavailable',
  /** Creating a function whose name is taken. */
  FUNCTION_EXISTS: 'conflict',
  /** A version or alias qualifier that does not exist, or is malformed. */
  QUALIFIER_NOT_FOUND: 'not_found',
  ALIAS_NOT_FOUND: 'not_found',
  /** Creating an alias whose name is taken. */
  ALIAS_EXISTS: 'conflict',
  /** Deleting a version an alias still points at, or $LATEST alone. */
  RESOURCE_IN_USE: 'conflict',
  /** Uploaded code is not usable: a bad zip, an unsafe path, a missing folder. */
  INVALID_CODE: 'invalid',
  /** The caller may not read the S3 object named as code (Lambda's AccessDeniedException, S3's wording). */
  CODE_ACCESS_DENIED: 'forbidden',
  /** Uploaded code exceeds Lambda's size limits (zipped or unzipped). */
  CODE_TOO_LARGE: 'too_large',
  /** A reservation would leave less unreserved concurrency than the account's minimum (Lambda's wording). */
  RESERVATION_OVER_LIMIT: 'invalid',
  /** A request names a parameter with a value outside its rules. */
  INVALID_PARAMETER: 'invalid',
  /** A request member breaks its API model constraint, e.g. a value outside an enumeration (ValidationException). */
  VALIDATION_FAILED: 'invalid',
  /** A layer, layer version or layer permission statement that does not exist (or was deleted). */
  LAYER_NOT_FOUND: 'not_found',
  /** AddLayerVersionPermission with a statement id the version's policy already holds. */
  STATEMENT_EXISTS: 'conflict',
  /** A RevisionId that is not the resource's current one (Lambda's PreconditionFailedException). */
  REVISION_MISMATCH: 'conflict',
  /** The function ran and failed (the CLI's exit status). */
  INVOCATION_FAILED: 'invalid',
});
