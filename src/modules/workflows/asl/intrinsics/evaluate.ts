// Evaluates a parsed intrinsic call: resolves path arguments, checks arity, applies the function.
import { AslError, intrinsicError, runtimeError } from '../errors.js';
import type { Json } from '../json.js';
import { lookupPath, type PathScope } from '../paths/json-path.js';
import type { IntrinsicContext, IntrinsicValue } from './definition.js';
import { type IntrinsicArg, type IntrinsicCall, IntrinsicSyntaxError, parseIntrinsic } from './parser.js';
import { INTRINSICS } from './registry.js';

/** Evaluates intrinsic text for a field like `x.$`; malformed text fails with States.IntrinsicFailure. */
export function evaluateIntrinsic(text: string, scope: PathScope, context: IntrinsicContext): Json {
  let call: IntrinsicCall;
  try {
    call = parseIntrinsic(text);
  } catch (error) {
    if (error instanceof IntrinsicSyntaxError) throw intrinsicError(error.message);
    throw error;
  }
  return evaluateCall(call, scope, context);
}

function evaluateCall(call: IntrinsicCall, scope: PathScope, context: IntrinsicContext): Json {
  const fn = INTRINSICS.get(call.name);
  if (fn === undefined) throw intrinsicError(`Unknown intrinsic function ${call.name}`);
  if (call.args.length < fn.minArgs || call.args.length > fn.maxArgs) {
    throw intrinsicError(`${call.name} was given ${call.args.length} arguments`);
  }
  const args = call.args.map((arg) => evaluateArg(arg, scope, context));
  try {
    return fn.apply(args, context);
  } catch (error) {
    if (error instanceof AslError) throw error;
    throw intrinsicError(`${call.name} failed: ${String(error)}`);
  }
}

function evaluateArg(arg: IntrinsicArg, scope: PathScope, context: IntrinsicContext): IntrinsicValue {
  switch (arg.kind) {
    case 'string':
      return { value: arg.value, raw: arg.raw };
    case 'literal':
      return { value: arg.value };
    case 'call':
      return { value: evaluateCall(arg, scope, context) };
    case 'path': {
      const found = lookupPath(arg.text, scope);
      if (!found.found) {
        throw runtimeError(`The JSONPath '${arg.text}' could not be found in the input: ${found.reason}`);
      }
      return { value: found.value };
    }
  }
}
