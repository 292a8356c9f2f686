// States.Base64Encode: UTF-8 bytes of a string as base64 (input up to 10,000 characters).
import { intrinsicError } from '../errors.js';
import { type IntrinsicFunction, stringArg } from './definition.js';

export const MAX_BASE64_INPUT = 10_000;

export const base64Encode: IntrinsicFunction = {
  name: 'States.Base64Encode',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    const text = stringArg(this.name, args, 0);
    if (text.length > MAX_BASE64_INPUT) {
      throw intrinsicError(`The input to States.Base64Encode exceeds ${MAX_BASE64_INPUT} characters`);
    }
    return Buffer.from(text, 'utf8').toString('base64');
  },
};
