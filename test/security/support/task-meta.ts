// The metadata hostile tests put on their vitest tasks, read by hostile-reporter.ts.
import 'vitest';

declare module 'vitest' {
  interface TaskMeta {
    /** The hostile category a test case belongs to; counted by hostile-reporter.ts. */
    hostile?: string;
    /** Inputs a fuzz test ran (reported beside the hostile cases). */
    fuzzInputs?: number;
  }
}
