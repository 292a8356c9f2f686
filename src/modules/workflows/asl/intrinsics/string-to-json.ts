// States.StringToJson: parses a JSON string (the empty string gives null, as AWS does).
import { intrinsicError } from '../errors.js';
import { parseJsonText } from '../json.js';
import { intrinsic, STRING } from './definition.js';

export const stringToJson = intrinsic('States.StringToJson', [STRING], ([text]) => {
  if (text.trim() === '') return null;
  try {
    return parseJsonText(text);
  } catch {
    throw intrinsicError(`The argument to States.StringToJson is not valid JSON: ${text}`);
  }
});
