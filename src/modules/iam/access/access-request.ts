// What a protocol plugin asks IAM: one (action, resource, context) triple per permission an API call needs.
import type { ContextInput } from '../policy/request-context.js';

export interface AccessRequest {
  /** AWS action name, e.g. `s3:GetObject`. */
  readonly action: string;
  /** Resource ARN, or `*` for actions that take no resource (ListBuckets). */
  readonly resource: string;
  /** Operation-specific condition keys (`s3:prefix`); global keys come from `globalContext`. */
  readonly context: ContextInput;
}

export function access(action: string, resource: string, context: ContextInput = {}): AccessRequest {
  return { action, resource, context };
}
