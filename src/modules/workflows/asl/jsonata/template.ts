// JSONata templates: any `{% %}` string inside a field's value (objects, arrays, or the value itself) is evaluated.
import { isObject, type Json, type JsonObject, setOwn } from '../json.js';
import { evaluateJsonata, type JsonataScope, jsonataBody } from './evaluate.js';

export async function evaluateJsonataTemplate(
  value: Json,
  field: string,
  scope: JsonataScope,
): Promise<Json> {
  const body = jsonataBody(value);
  if (body !== undefined) return evaluateJsonata(body, field, scope);
  if (Array.isArray(value)) {
    const out: Json[] = [];
    for (let i = 0; i < value.length; i++) {
      out.push(await evaluateJsonataTemplate(value[i] as Json, `${field}[${i}]`, scope));
    }
    return out;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    setOwn(out, key, await evaluateJsonataTemplate(item, `${field}/${key}`, scope));
  }
  return out;
}

/** True when no `{% %}` appears anywhere, so the value can be used as is. */
export function isConstantJsonata(value: Json): boolean {
  if (jsonataBody(value) !== undefined) return false;
  if (Array.isArray(value)) return value.every(isConstantJsonata);
  if (isObject(value)) return Object.values(value).every(isConstantJsonata);
  return true;
}
