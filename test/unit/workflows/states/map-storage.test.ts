// Map ItemReader (JSON, JSONL, CSV, listing) and ResultWriter through the express runner and a memory store.
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../../src/modules/workflows/index.js';
import { memoryStore, runExpress } from '../helpers.js';

function reader(config: Record<string, Json>, extra: Record<string, Json> = {}) {
  return {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: config,
          Parameters: { Bucket: 'b', 'Key.$': '$.key' },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: 'I',
          States: { I: { Type: 'Pass', End: true } },
        },
        End: true,
        ...extra,
      },
    },
  };
}

describe('Map ItemReader and ResultWriter', () => {
  const store = memoryStore({
    'b/items.json': '[{"n":1},{"n":2}]',
    'b/wrapped.json': '{"data":{"rows":[1,2,3]}}',
    'b/items.jsonl': '{"n":1}\n{"n":2}\n',
    'b/items.csv': 'name,size\n"a, quoted",1\nb,2\n',
    'b/plain.csv': 'x|y\n',
  });

  it('reads a JSON array', async () => {
    const result = await runExpress(
      reader({ InputType: 'JSON' }),
      { key: 'items.json' },
      {},
      { objects: store },
    );
    expect(result.output).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reads the array at ItemsPointer and applies MaxItems', async () => {
    const result = await runExpress(
      reader({ InputType: 'JSON', ItemsPointer: '/data/rows', MaxItems: 2 }),
      { key: 'wrapped.json' },
      {},
      { objects: store },
    );
    expect(result.output).toEqual([1, 2]);
  });

  it('reads JSON Lines', async () => {
    const result = await runExpress(
      reader({ InputType: 'JSONL' }),
      { key: 'items.jsonl' },
      {},
      { objects: store },
    );
    expect(result.output).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reads CSV with a header row (values are strings) or given headers', async () => {
    const first = await runExpress(
      reader({ InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }),
      { key: 'items.csv' },
      {},
      { objects: store },
    );
    expect(first.output).toEqual([
      { name: 'a, quoted', size: '1' },
      { name: 'b', size: '2' },
    ]);
    const given = await runExpress(
      reader({ InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['p', 'q'], CSVDelimiter: 'PIPE' }),
      { key: 'plain.csv' },
      {},
      { objects: store },
    );
    expect(given.output).toEqual([{ p: 'x', q: 'y' }]);
  });

  it('fails with States.ItemReaderFailed when the object is missing or malformed', async () => {
    const missing = await runExpress(
      reader({ InputType: 'JSON' }),
      { key: 'nope.json' },
      {},
      { objects: store },
    );
    expect(missing.error).toBe('States.ItemReaderFailed');
    const malformed = await runExpress(
      reader({ InputType: 'JSON' }),
      { key: 'items.jsonl' },
      {},
      { objects: store },
    );
    expect(malformed.error).toBe('States.ItemReaderFailed');
  });

  it('lists a bucket prefix with listObjectsV2', async () => {
    const def = reader({});
    (def.States.M.ItemReader as Record<string, Json>).Resource = 'arn:aws:states:::s3:listObjectsV2';
    (def.States.M.ItemReader as Record<string, Json>).Parameters = { Bucket: 'b', Prefix: 'items.j' };
    const result = await runExpress(def, {}, {}, { objects: store });
    expect((result.output as { Key: string }[]).map((o) => o.Key)).toEqual(['items.json', 'items.jsonl']);
  });

  it('writes results with ResultWriter and outputs where they are', async () => {
    const out = memoryStore({ 'b/items.json': '[1,2]' });
    const def = reader(
      { InputType: 'JSON' },
      {
        ResultWriter: {
          Resource: 'arn:aws:states:::s3:putObject',
          Parameters: { Bucket: 'out', Prefix: 'runs' },
        },
      },
    );
    const result = await runExpress(def, { key: 'items.json' }, {}, { objects: out });
    const details = (result.output as { ResultWriterDetails: { Bucket: string; Key: string } })
      .ResultWriterDetails;
    expect(details.Bucket).toBe('out');
    expect(details.Key).toMatch(/^runs\/[0-9a-f-]+\/manifest\.json$/);
    const base = details.Key.replace('/manifest.json', '');
    expect(JSON.parse(out.objects.get(`out/${base}/SUCCEEDED_0.json`) ?? 'null')).toEqual([
      { Index: 0, Status: 'SUCCEEDED', Output: 1 },
      { Index: 1, Status: 'SUCCEEDED', Output: 2 },
    ]);
  });
});
