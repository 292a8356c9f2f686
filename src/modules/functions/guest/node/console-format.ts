// Formats console output as the Node.js Lambda runtime does: `<time>\t<request id>\t<LEVEL>\t<message>`.
import { format } from 'node:util';

type Level = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

const METHODS: ReadonlyArray<readonly ['log' | 'info' | 'warn' | 'error' | 'debug' | 'trace', Level]> = [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
];

export function patchConsole(currentRequestId: () => string): void {
  for (const [method, level] of METHODS) {
    console[method] = (...args: unknown[]) => {
      // One log line per call: Lambda turns inner newlines into carriage returns.
      const message = format(...args).replace(/\n/g, '\r');
      process.stdout.write(`${new Date().toISOString()}\t${currentRequestId()}\t${level}\t${message}\n`);
    };
  }
}
