// Validates the Map-specific fields: the item processor, items, concurrency, tolerance, reader, batcher, writer.
import type { QueryLanguage } from '../definition.js';
import { isObject, type Json, type JsonObject } from '../json.js';
import { jsonataBody } from '../jsonata/evaluate.js';
import { checkFields, checkInteger, checkJsonata, checkPath, checkTemplate } from './checks.js';
import { at, type Reporter } from './diagnostics.js';

const READER = new Set(['Resource', 'ReaderConfig', 'Parameters', 'Arguments']);
const READER_CONFIG = new Set([
  'InputType',
  'CSVHeaderLocation',
  'CSVHeaders',
  'CSVDelimiter',
  'MaxItems',
  'MaxItemsPath',
  'ManifestType',
  'ItemsPointer',
]);
const BATCHER = new Set([
  'MaxItemsPerBatch',
  'MaxItemsPerBatchPath',
  'MaxInputBytesPerBatch',
  'MaxInputBytesPerBatchPath',
  'BatchInput',
]);
const WRITER = new Set(['Resource', 'Parameters', 'Arguments', 'WriterConfig']);
const PROCESSOR_CONFIG = new Set(['Mode', 'ExecutionType']);

export function checkMapFields(
  r: Reporter,
  where: string,
  state: JsonObject,
  language: QueryLanguage,
  machine: (location: string, node: Json | undefined) => void,
): void {
  const processors = ['ItemProcessor', 'Iterator'].filter((f) => f in state);
  if (processors.length !== 1)
    r.schema(where, "A Map state needs exactly one of 'ItemProcessor' or 'Iterator'");
  for (const field of processors) {
    const node = state[field];
    if (isObject(node) && isObject(node.ProcessorConfig))
      checkProcessorConfig(r, at(where, field, 'ProcessorConfig'), node.ProcessorConfig);
    machine(at(where, field), node);
  }
  if (language === 'JSONPath' && 'ItemsPath' in state)
    checkPath(r, at(where, 'ItemsPath'), state.ItemsPath, 'ItemsPath');
  if (
    language === 'JSONata' &&
    'Items' in state &&
    !Array.isArray(state.Items) &&
    jsonataBody(state.Items) === undefined
  ) {
    r.schema(at(where, 'Items'), "The field 'Items' must be an array or a JSONata expression");
  }
  checkNumber(r, where, state, 'MaxConcurrency', language, 0);
  checkNumber(r, where, state, 'ToleratedFailureCount', language, 0);
  const percentage = state.ToleratedFailurePercentage;
  if (typeof percentage === 'number' && (percentage < 0 || percentage > 100)) {
    r.schema(
      at(where, 'ToleratedFailurePercentage'),
      "'ToleratedFailurePercentage' must be between 0 and 100",
    );
  } else if (
    percentage !== undefined &&
    typeof percentage !== 'number' &&
    !(language === 'JSONata' && jsonataBody(percentage) !== undefined)
  ) {
    r.schema(at(where, 'ToleratedFailurePercentage'), "'ToleratedFailurePercentage' must be a number");
  }
  if ('ItemReader' in state)
    checkNested(r, at(where, 'ItemReader'), state.ItemReader, READER, language, 'an ItemReader');
  if ('ItemBatcher' in state)
    checkNested(r, at(where, 'ItemBatcher'), state.ItemBatcher, BATCHER, language, 'an ItemBatcher');
  if ('ResultWriter' in state)
    checkNested(r, at(where, 'ResultWriter'), state.ResultWriter, WRITER, language, 'a ResultWriter');
  const reader = state.ItemReader;
  if (isObject(reader) && isObject(reader.ReaderConfig)) {
    checkFields(
      r,
      at(where, 'ItemReader', 'ReaderConfig'),
      reader.ReaderConfig,
      READER_CONFIG,
      'a ReaderConfig',
    );
  }
}

function checkProcessorConfig(r: Reporter, where: string, config: JsonObject): void {
  checkFields(r, where, config, PROCESSOR_CONFIG, 'a ProcessorConfig');
  if ('Mode' in config && config.Mode !== 'INLINE' && config.Mode !== 'DISTRIBUTED') {
    r.schema(at(where, 'Mode'), "'Mode' must be INLINE or DISTRIBUTED");
  }
  if (
    'ExecutionType' in config &&
    config.ExecutionType !== 'STANDARD' &&
    config.ExecutionType !== 'EXPRESS'
  ) {
    r.schema(at(where, 'ExecutionType'), "'ExecutionType' must be STANDARD or EXPRESS");
  }
}

function checkNumber(
  r: Reporter,
  where: string,
  state: JsonObject,
  field: string,
  language: QueryLanguage,
  min: number,
) {
  const pathField = `${field}Path`;
  if (field in state) {
    const value = state[field];
    if (!(language === 'JSONata' && jsonataBody(value) !== undefined))
      checkInteger(r, at(where, field), value, field, min);
    if (pathField in state) r.schema(where, `A Map state cannot have both '${field}' and '${pathField}'`);
  }
  if (pathField in state) checkPath(r, at(where, pathField), state[pathField], pathField);
}

function checkNested(
  r: Reporter,
  where: string,
  node: Json | undefined,
  fields: ReadonlySet<string>,
  language: QueryLanguage,
  what: string,
) {
  if (!isObject(node)) {
    r.schema(where, `${what} must be a JSON object`);
    return;
  }
  checkFields(r, where, node, fields, what);
  if (language === 'JSONata') checkJsonata(r, where, node);
  else if ('Parameters' in node) checkTemplate(r, at(where, 'Parameters'), node.Parameters);
}
