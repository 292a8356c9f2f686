// States.StringToJson: parses a JSON string (the empty string gives null, as AWS does).
import { intrinsicError } from '../errors.js';
import { parseJsonText } from '../json.js';
import { type IntrinsicFunction, stringArg } from './definition.js';

export const stringToJson: IntrinsicFunction = {
  name: 'States.StringToJson',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    const text = stringArg(this.name, args, 0);
    if (text.trim() === '') return null;
    try {
      return parseJsonText(text);
    } catch {
      throw intrinsicError(`The argument to States.StringToJson is not valid JSON: ${text}`);
    }
  },
};
