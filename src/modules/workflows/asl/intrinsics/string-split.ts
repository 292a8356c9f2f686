// States.StringSplit: splits on any of the delimiter characters and drops empty pieces.
import { intrinsic, STRING } from './definition.js';

export const stringSplit = intrinsic('States.StringSplit', [STRING, STRING], ([text, delimiterChars]) => {
  const delimiters = new Set(delimiterChars);
  const pieces: string[] = [];
  let current = '';
  for (const c of text) {
    if (delimiters.has(c)) {
      if (current !== '') pieces.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
});
