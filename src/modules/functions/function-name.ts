// Lambda's FunctionName parameter: a name, `name:qualifier`, a partial ARN (`account:function:name`) or a full
// ARN, each optionally qualified; a separate Qualifier must agree with the one in the name.
import { foreignPart, type HomeScope, parseArn } from '../../kernel/arn.js';
import { functionsError } from './errors.js';

export interface FunctionTarget {
  readonly name: string;
  readonly qualifier?: string;
}

const FULL_ARN =
  /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9$_-]+))?$/;
const PARTIAL_ARN = /^\d{12}:function:([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9$_-]+))?$/;
const NAME = /^([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9$_-]+))?$/;

export function parseFunctionName(functionName: string, qualifier?: string): FunctionTarget {
  const match = FULL_ARN.exec(functionName) ?? PARTIAL_ARN.exec(functionName) ?? NAME.exec(functionName);
  if (!match?.[1] || match[1].length > 64)
    throw functionsError(
      'INVALID_PARAMETER',
      `1 validation error detected: Value '${functionName}' at 'functionName' failed to satisfy constraint`,
    );
  const derived = match[2];
  if (derived !== undefined && qualifier !== undefined && qualifier !== '' && derived !== qualifier)
    throw functionsError(
      'INVALID_PARAMETER',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  const chosen = derived ?? (qualifier === '' ? undefined : qualifier);
  return { name: match[1], ...(chosen === undefined ? {} : { qualifier: chosen }) };
}

/**
 * Lambda API calls: a full or partial ARN of another partition, region or account names a function that does not
 * exist here (Lambda's ResourceNotFoundException), never this server's function of the same name. Workflow
 * definitions are portable instead: their Task ARNs are mapped by name (`parseFunctionName`), and authorized on the
 * canonical ARN of the function they run.
 */
export function assertHomeFunctionName(functionName: string, home: HomeScope): void {
  const arn = functionName.startsWith('arn:') ? parseArn(functionName) : undefined;
  const partialAccount = /^(\d{12}):function:/.exec(functionName)?.[1];
  const foreign = arn
    ? foreignPart(home, arn)
    : partialAccount !== undefined && partialAccount !== home.accountId
      ? 'account'
      : undefined;
  if (foreign === undefined) return;
  const message =
    foreign === 'region' && arn
      ? `Functions from '${arn.region}' are not reachable in this region ('${home.region}')`
      : `Function not found: ${functionName}`;
  throw functionsError('FUNCTION_NOT_FOUND', message, { functionName, foreign });
}
