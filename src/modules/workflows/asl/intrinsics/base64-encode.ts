// States.Base64Encode: UTF-8 bytes of a string as base64 (input up to 10,000 characters).
import { intrinsicError } from '../errors.js';
import { intrinsic, STRING } from './definition.js';

export const MAX_BASE64_INPUT = 10_000;

export const base64Encode = intrinsic('States.Base64Encode', [STRING], ([text]) => {
  checkBase64Input('States.Base64Encode', text);
  return Buffer.from(text, 'utf8').toString('base64');
});

/** AWS's limit on the input of both base64 functions. */
export function checkBase64Input(fn: string, text: string): void {
  if (text.length > MAX_BASE64_INPUT)
    throw intrinsicError(`The input to ${fn} exceeds ${MAX_BASE64_INPUT} characters`);
}
