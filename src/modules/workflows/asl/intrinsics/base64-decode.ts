// States.Base64Decode: base64 text back to a UTF-8 string.
import { intrinsicError } from '../errors.js';
import { checkBase64Input } from './base64-encode.js';
import { intrinsic, STRING } from './definition.js';

export const base64Decode = intrinsic('States.Base64Decode', [STRING], ([text]) => {
  checkBase64Input('States.Base64Decode', text);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw intrinsicError(`The input to States.Base64Decode is not valid base64: ${text}`);
  }
  return Buffer.from(text, 'base64').toString('utf8');
});
