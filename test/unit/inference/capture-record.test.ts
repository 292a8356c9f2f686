// Data capture records and file keys, byte for byte as SageMaker writes them.
import { describe, expect, it } from 'vitest';
import {
  captureFileName,
  captureFolder,
  captureLine,
} from '../../../src/modules/inference/capture/capture-record.js';

const time = Date.UTC(2022, 1, 14, 17, 25, 49, 123);

describe('capture records', () => {
  it('writes input as base64 and output as JSON, in SageMaker field order', () => {
    const line = captureLine({
      endpoint: 'bikes',
      variant: 'AllTraffic',
      time,
      eventId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
      inferenceId: 'req-1',
      input: { contentType: 'image/png', bytes: Uint8Array.of(137, 80, 78, 71) },
      output: { contentType: 'application/json', text: '[0.25, 0.75]' },
    });
    expect(line).toBe(
      '{"captureData":{"endpointInput":{"observedContentType":"image/png","mode":"INPUT","data":"iVBORw==","encoding":"BASE64"},' +
        '"endpointOutput":{"observedContentType":"application/json","mode":"OUTPUT","data":"[0.25, 0.75]","encoding":"JSON"}},' +
        '"eventMetadata":{"eventId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","inferenceId":"req-1","inferenceTime":"2022-02-14T17:25:49Z"},' +
        '"eventVersion":"0"}',
    );
  });

  it('leaves out inferenceId when the caller sent none, and parts that are not captured', () => {
    const record = JSON.parse(
      captureLine({
        endpoint: 'bikes',
        variant: 'A',
        time,
        eventId: 'e',
        inferenceId: null,
        input: undefined,
        output: { contentType: 'application/json', text: '[1.0, 0.0]' },
      }),
    );
    expect(record.eventMetadata).toEqual({ eventId: 'e', inferenceTime: '2022-02-14T17:25:49Z' });
    expect(Object.keys(record.captureData)).toEqual(['endpointOutput']);
  });

  it('files records under <prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/', () => {
    expect(captureFolder('datacapture/', 'bikes', 'AllTraffic', time)).toBe(
      'datacapture/bikes/AllTraffic/2022/02/14/17/',
    );
    expect(captureFolder('', 'bikes', 'A', time)).toBe('bikes/A/2022/02/14/17/');
    expect(captureFileName(time, 'uuid')).toBe('25-49-123-uuid.jsonl');
  });
});
