// ItemReader: asks the engine for an object (or a bucket listing) and turns it into Map items.
import type { Command } from '../commands.js';
import { resolvePointer } from '../definition.js';
import { AslError, StatesErrors } from '../errors.js';
import { isObject, type Json, type JsonObject, parseJsonText, setOwn } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
import { lookupPath } from '../paths/json-path.js';
import { evaluateTemplate } from '../paths/payload-template.js';
import type { StateContext } from '../step/state-context.js';
import { parseCsv } from './csv.js';

const DELIMITERS: Readonly<Record<string, string>> = {
  COMMA: ',',
  PIPE: '|',
  SEMICOLON: ';',
  SPACE: ' ',
  TAB: '\t',
};

function readerConfig(ctx: StateContext): JsonObject {
  return ((ctx.state.ItemReader as JsonObject).ReaderConfig ?? {}) as JsonObject;
}

/** ReaderConfig MaxItems, or MaxItemsPath resolved against the effective input. */
export function readerMaxItems(ctx: StateContext, effectiveInput: Json): number | undefined {
  const config = readerConfig(ctx);
  let max: Json | undefined = config.MaxItems;
  if (typeof config.MaxItemsPath === 'string') {
    const found = lookupPath(config.MaxItemsPath, ctx.pathScope(effectiveInput));
    max = found.found ? found.value : undefined;
  }
  if (max === undefined) return undefined;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 0) {
    throw readerFailed(
      `The ItemReader MaxItems must be a non-negative integer, but was ${JSON.stringify(max)}`,
    );
  }
  return max;
}

/** The storage command that fetches the reader's source. */
export async function readerCommand(
  ctx: StateContext,
  effectiveInput: Json,
  requestId: string,
): Promise<Command> {
  const reader = ctx.state.ItemReader as JsonObject;
  const params =
    ctx.language === 'JSONata'
      ? await evaluateJsonataTemplate(
          reader.Arguments ?? {},
          'ItemReader/Arguments',
          ctx.jsonataScope({ input: ctx.active.input }),
        )
      : evaluateTemplate(reader.Parameters ?? {}, ctx.pathScope(effectiveInput), ctx);
  if (!isObject(params) || typeof params.Bucket !== 'string') {
    throw readerFailed('The ItemReader parameters must include a Bucket string');
  }
  if (String(reader.Resource).endsWith(':listObjectsV2')) {
    const prefix = typeof params.Prefix === 'string' ? params.Prefix : '';
    return { type: 'listObjects', requestId, bucket: params.Bucket, prefix };
  }
  if (typeof params.Key !== 'string')
    throw readerFailed('The ItemReader parameters must include a Key string');
  return { type: 'readObject', requestId, bucket: params.Bucket, key: params.Key };
}

/** Parses the object body by ReaderConfig.InputType (JSON array, JSONL or CSV) and applies MaxItems. */
export function itemsFromBody(ctx: StateContext, body: string, maxItems: number | undefined): Json[] {
  const config = readerConfig(ctx);
  const type = (config.InputType as string | undefined) ?? 'JSON';
  let items: Json[];
  if (type === 'CSV') items = csvItems(body, config);
  else if (type === 'JSONL') items = jsonLines(body);
  else items = jsonArray(body, config.ItemsPointer);
  return capped(items, maxItems);
}

export function itemsFromListing(objects: readonly Json[], maxItems: number | undefined): Json[] {
  return capped([...objects], maxItems);
}

/** MaxItems 0 means no limit, as in AWS. */
function capped(items: Json[], max: number | undefined): Json[] {
  return max !== undefined && max > 0 ? items.slice(0, max) : items;
}

/** A JSON array, or (with ItemsPointer, a JSON pointer) the array inside a JSON object. */
function jsonArray(body: string, pointer: Json | undefined): Json[] {
  let parsed: Json | undefined;
  try {
    parsed = parseJsonText(body);
  } catch {
    throw readerFailed('The ItemReader object is not valid JSON');
  }
  if (typeof pointer === 'string') parsed = resolvePointer(parsed, pointer);
  if (!Array.isArray(parsed)) throw readerFailed('The ItemReader object must contain a JSON array');
  return parsed;
}

function jsonLines(body: string): Json[] {
  const items: Json[] = [];
  for (const [i, line] of body.split(/\r?\n/).entries()) {
    if (line.trim() === '') continue;
    try {
      items.push(parseJsonText(line));
    } catch {
      throw readerFailed(`Line ${i + 1} of the ItemReader object is not valid JSON`);
    }
  }
  return items;
}

/** CSV rows as objects of strings, with headers from the first row or from CSVHeaders. */
function csvItems(body: string, config: JsonObject): Json[] {
  const delimiter = DELIMITERS[(config.CSVDelimiter as string | undefined) ?? 'COMMA'] ?? ',';
  let rows: string[][];
  try {
    rows = parseCsv(body, delimiter);
  } catch (error) {
    throw readerFailed(`The CSV is malformed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const headers =
    config.CSVHeaderLocation === 'GIVEN'
      ? ((config.CSVHeaders as string[] | undefined) ?? [])
      : (rows.shift() ?? []);
  return rows.map((row, i) => {
    if (row.length > headers.length)
      throw readerFailed(`CSV row ${i + 1} has more fields than there are headers`);
    const item: JsonObject = {};
    for (const [j, header] of headers.entries()) setOwn(item, header, row[j] ?? '');
    return item;
  });
}

export function readerFailed(cause: string): AslError {
  return new AslError(StatesErrors.ItemReaderFailed, cause);
}
