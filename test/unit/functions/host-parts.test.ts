// The host's pure parts: framing, output splitting, log capture and configuration rules.
import { describe, expect, it } from 'vitest';
import { InvocationLog, LOG_TAIL_BYTES } from '../../../src/modules/functions/host/invocation-log.js';
import { OutputSplitter } from '../../../src/modules/functions/host/output-splitter.js';
import { exitError } from '../../../src/modules/functions/host/platform-errors.js';
import { reportLine } from '../../../src/modules/functions/host/report-lines.js';
import { defineFunctionConfig, functionsError } from '../../../src/modules/functions/index.js';
import { encodeFrame, FrameDecoder, type GuestMessage } from '../../../src/modules/functions/protocol.js';
import { MemoryLogSink } from './support.js';

describe('frames', () => {
  it('reassembles messages split and joined arbitrarily', () => {
    const messages: GuestMessage[] = [
      { type: 'ready', initDurationMs: 1.5, barrier: true },
      { type: 'result', requestId: 'r1', payload: '{"a":"\\n"}', barrier: true },
    ];
    const bytes = Buffer.concat(messages.map(encodeFrame));
    const decoder = new FrameDecoder(1024);
    const out = [...bytes].flatMap((byte) => decoder.push(Buffer.from([byte])));
    expect(out).toEqual(messages);
    expect(new FrameDecoder(1024).push(bytes)).toEqual(messages);
  });

  it('refuses a frame larger than allowed', () => {
    const frame = encodeFrame({ type: 'result', requestId: 'r', payload: 'x'.repeat(100), barrier: true });
    expect(() => new FrameDecoder(50).push(frame)).toThrow(RangeError);
  });
});

describe('output splitter', () => {
  function split(chunks: string[], maxLine = 1024) {
    const events: string[] = [];
    const splitter = new OutputSplitter(Buffer.from('<B>'), maxLine, {
      line: (bytes) => events.push(bytes.toString()),
      barrier: () => events.push('|barrier|'),
    });
    for (const chunk of chunks) splitter.push(Buffer.from(chunk));
    splitter.end();
    return events;
  }

  it('splits lines across chunks and finds barriers, also after a partial line', () => {
    expect(split(['he', 'llo\nwor', 'ld\n<B', '>\npartial<B>\n', 'tail'])).toEqual([
      'hello',
      'world',
      '|barrier|',
      'partial',
      '|barrier|',
      'tail',
    ]);
  });

  it('cuts an endless line into bounded pieces without losing a barrier', () => {
    const events = split(['x'.repeat(50), 'y'.repeat(50), '<B>\n'], 16);
    expect(events.at(-1)).toBe('|barrier|');
    expect(events.slice(0, -1).join('')).toBe('x'.repeat(50) + 'y'.repeat(50));
    expect(Math.max(...events.map((e) => e.length))).toBeLessThanOrEqual(100);
  });
});

describe('invocation log', () => {
  const identity = { functionName: 'f', version: '$LATEST', logStream: 's' };

  it('tags lines with the request, caps them and keeps a 4 KB tail', () => {
    const sink = new MemoryLogSink();
    const log = new InvocationLog(identity, sink, { now: () => 42 }, 100);
    log.begin('r1');
    log.platform('START');
    for (let i = 0; i < 10; i += 1) log.output(Buffer.from(`line ${i} ${'.'.repeat(20)}`));
    log.noteTruncation();
    log.platform('END');
    log.flush();
    const messages = sink.messages('r1');
    expect(messages.filter((m) => m.startsWith('line'))).toHaveLength(3);
    expect(messages).toContain(
      '[scones] log output truncated: 196 bytes dropped after the limit of 100 bytes per invocation',
    );
    expect(sink.records.every((r) => r.timestamp === 42 && r.logStream === 's')).toBe(true);
    for (let i = 0; i < 200; i += 1) log.platform(`${i} ${'z'.repeat(60)}`);
    expect(Buffer.byteLength(log.tailText())).toBeLessThanOrEqual(LOG_TAIL_BYTES);
    expect(log.tailText().endsWith(`199 ${'z'.repeat(60)}\n`)).toBe(true);
  });
});

describe('platform wording', () => {
  it('words exits and reports as Lambda does', () => {
    expect(exitError('r', 0, null).errorMessage).toBe(
      'RequestId: r Error: Runtime exited without providing a reason',
    );
    expect(exitError('r', null, 'SIGKILL').errorMessage).toBe(
      'RequestId: r Error: Runtime exited with error: signal: killed',
    );
    expect(
      reportLine('r', {
        durationMs: 1.234,
        billedDurationMs: 2,
        memorySizeMb: 128,
        maxMemoryUsedMb: 40,
        initDurationMs: 99.5,
      }),
    ).toBe(
      'REPORT RequestId: r\tDuration: 1.23 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\tInit Duration: 99.50 ms',
    );
  });
});

describe('function configuration', () => {
  it('applies Lambda defaults', () => {
    const config = defineFunctionConfig({
      name: 'f',
      runtime: 'python',
      handler: 'lambda_function.lambda_handler',
    });
    expect(config).toMatchObject({ timeoutSeconds: 3, memoryMb: 128, environment: {} });
  });

  it.each([
    [{ name: 'bad name' }],
    [{ handler: 'nodot' }],
    [{ timeoutSeconds: 901 }],
    [{ timeoutSeconds: 0 }],
    [{ memoryMb: 64 }],
    [{ reservedConcurrency: -1 }],
    [{ environment: { AWS_REGION: 'x' } }],
    [{ environment: { '1BAD': 'x' } }],
  ])('rejects %j', (override) => {
    expect(() =>
      defineFunctionConfig({ name: 'f', runtime: 'nodejs', handler: 'index.handler', ...override }),
    ).toThrow(expect.objectContaining({ code: functionsError.codes.INVALID_CONFIG }));
  });
});
