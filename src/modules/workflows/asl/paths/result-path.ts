// ResultPath: places a state's result into its raw input, copying only along the path (inputs stay unmodified).
import { AslError, StatesErrors } from '../errors.js';
import { copyObject, isObject, type Json, setOwn, toJsonText } from '../json.js';
import { parsePath, type Segment } from './path-syntax.js';

/** `undefined` means the field is absent (default `$`); `null` discards the result. */
export function applyResultPath(rawInput: Json, resultPath: string | null | undefined, result: Json): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return rawInput;
  const path = parsePath(resultPath);
  if (path === null || path.root.kind !== 'input' || path.segments === undefined) {
    throw mismatch(resultPath, rawInput);
  }
  return setAt(rawInput, path.segments, 0, result, resultPath, rawInput);
}

function setAt(
  target: Json,
  segments: readonly Segment[],
  i: number,
  value: Json,
  text: string,
  rawInput: Json,
): Json {
  if (i === segments.length) return value;
  const segment = segments[i] as Segment;
  if (typeof segment === 'number') {
    if (!Array.isArray(target) || segment >= target.length) throw mismatch(text, rawInput);
    const copy = target.slice();
    copy[segment] = setAt(target[segment] as Json, segments, i + 1, value, text, rawInput);
    return copy;
  }
  if (!isObject(target)) throw mismatch(text, rawInput);
  const existing = Object.hasOwn(target, segment) ? target[segment] : undefined;
  const next: Json = existing === undefined ? {} : existing;
  const copy = copyObject(target);
  setOwn(copy, segment, setAt(next, segments, i + 1, value, text, rawInput));
  return copy;
}

function mismatch(resultPath: string, rawInput: Json): AslError {
  return new AslError(
    StatesErrors.ResultPathMatchFailure,
    `Unable to apply ResultPath "${resultPath}" to input ${toJsonText(rawInput)}`,
  );
}
