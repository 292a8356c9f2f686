// ItemReader: asks the engine for an object (or a bucket listing) and turns it into Map items.
import type { Command } from '../commands.js';
import { AslError, StatesErrors } from '../errors.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { evaluateJsonataTemplate } from '../jsonata/template.js';
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
export function itemsFromBody(ctx: StateContext, body: string): Json[] {
  const config = ((ctx.state.ItemReader as JsonObject).ReaderConfig ?? {}) as JsonObject;
  const type = (config.InputType as string | undefined) ?? 'JSON';
  let items: Json[];
  if (type === 'CSV') items = csvItems(body, config);
  else if (type === 'JSONL') items = jsonLines(body);
  else items = jsonArray(body);
  return capped(items, config);
}

export function itemsFromListing(ctx: StateContext, objects: readonly Json[]): Json[] {
  const config = ((ctx.state.ItemReader as JsonObject).ReaderConfig ?? {}) as JsonObject;
  return capped([...objects], config);
}

function capped(items: Json[], config: JsonObject): Json[] {
  const max = config.MaxItems;
  return typeof max === 'number' && max > 0 ? items.slice(0, max) : items;
}

function jsonArray(body: string): Json[] {
  let parsed: Json;
  try {
    parsed = JSON.parse(body) as Json;
  } catch {
    throw readerFailed('The ItemReader object is not valid JSON');
  }
  if (!Array.isArray(parsed)) throw readerFailed('The ItemReader object must contain a JSON array');
  return parsed;
}

function jsonLines(body: string): Json[] {
  return body
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as Json;
      } catch {
        throw readerFailed(`Line ${i + 1} of the ItemReader object is not valid JSON`);
      }
    });
}

function csvItems(body: string, config: JsonObject): Json[] {
  const delimiter = DELIMITERS[(config.CSVDelimiter as string | undefined) ?? 'COMMA'] ?? ',';
  const rows = parseCsv(body, delimiter);
  let headers: string[];
  if (config.CSVHeaderLocation === 'GIVEN') {
    headers = (config.CSVHeaders as string[] | undefined) ?? [];
  } else {
    headers = rows.shift() ?? [];
  }
  return rows.map((row, i) => {
    if (row.length > headers.length)
      throw readerFailed(`CSV row ${i + 1} has more fields than there are headers`);
    const item: JsonObject = {};
    headers.forEach((header, j) => {
      Object.defineProperty(item, header, {
        value: row[j] ?? '',
        enumerable: true,
        writable: true,
        configurable: true,
      });
    });
    return item;
  });
}

export function readerFailed(cause: string): AslError {
  return new AslError(StatesErrors.ItemReaderFailed, cause);
}
