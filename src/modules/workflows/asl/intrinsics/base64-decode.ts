// States.Base64Decode: base64 text back to a UTF-8 string.
import { intrinsicError } from '../errors.js';
import { MAX_BASE64_INPUT } from './base64-encode.js';
import { type IntrinsicFunction, stringArg } from './definition.js';

export const base64Decode: IntrinsicFunction = {
  name: 'States.Base64Decode',
  minArgs: 1,
  maxArgs: 1,
  apply(args) {
    const text = stringArg(this.name, args, 0);
    if (text.length > MAX_BASE64_INPUT) {
      throw intrinsicError(`The input to States.Base64Decode exceeds ${MAX_BASE64_INPUT} characters`);
    }
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
      throw intrinsicError(`The input to States.Base64Decode is not valid base64: ${text}`);
    }
    return Buffer.from(text, 'base64').toString('utf8');
  },
};
