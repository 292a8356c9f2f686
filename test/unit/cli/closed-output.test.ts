// The CLI's closed-output rule: EPIPE on an output stream exits quietly with the status already decided (0 when none);
// any other stream error still surfaces. The built CLI's behaviour is tested end to end in test/e2e.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { exitQuietlyWhenOutputCloses } from '../../../src/cli/closed-output.js';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const exit = (code: number): never => {
  throw new Exited(code);
};

function streamError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('exitQuietlyWhenOutputCloses', () => {
  it('exits with 0 when a reader closes stdout', () => {
    const stdout = new PassThrough();
    exitQuietlyWhenOutputCloses([stdout], exit);
    expect(() => stdout.emit('error', streamError('EPIPE'))).toThrow(new Exited(0));
  });

  it('keeps a failure status already decided', () => {
    const stderr = new PassThrough();
    exitQuietlyWhenOutputCloses([new PassThrough(), stderr], exit);
    process.exitCode = 1;
    let code: number | undefined;
    try {
      stderr.emit('error', streamError('EPIPE'));
    } catch (error) {
      code = (error as Exited).code;
    }
    expect(code).toBe(1);
  });

  it('lets any other stream error surface', () => {
    const stdout = new PassThrough();
    exitQuietlyWhenOutputCloses([stdout], exit);
    expect(() => stdout.emit('error', streamError('EIO'))).toThrow('write EIO');
  });
});
