// States.Format: fills `{}` placeholders with the remaining arguments; `\{` and `\}` are literal braces.
import { intrinsicError } from '../errors.js';
import { type IntrinsicFunction, type IntrinsicValue, STRING, typedArg } from './definition.js';

export const format: IntrinsicFunction = {
  name: 'States.Format',
  minArgs: 1,
  maxArgs: Number.POSITIVE_INFINITY,
  apply(args) {
    typedArg(this.name, args, 0, STRING);
    const template = args[0] as IntrinsicValue;
    const text = template.raw ?? (template.value as string);
    const values = args.slice(1).map((arg) => formatValue(arg.value));
    let out = '';
    let used = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length) {
        out += text[++i];
      } else if (c === '{' && text[i + 1] === '}') {
        if (used >= values.length)
          throw intrinsicError('Not enough arguments for the placeholders in States.Format');
        out += values[used++];
        i++;
      } else {
        out += c;
      }
    }
    if (used !== values.length) {
      throw intrinsicError(
        `States.Format was given ${values.length} arguments for ${used} placeholders in '${text}'`,
      );
    }
    return out;
  },
};

/**
 * How AWS renders an argument: scalars as text, objects and arrays the way Java prints its maps and lists
 * (`{Arg1=1, Arg2=[]}`, `[a, b]`, strings inside them unquoted), since the service is written in Java.
 */
function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([key, item]) => `${key}=${formatValue(item)}`).join(', ')}}`;
}
