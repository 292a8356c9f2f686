// The command line's streams, environment and working folder: a type of its own so that the program, the
// context and the commands can all name it without importing each other.

import type { Readable } from 'node:stream';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** What `store cp -` reads. */
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
