// Progress reporting port: long work reports through it; the CLI draws a bar or prints plain lines.

export interface ProgressTask {
  /** Advance to `done` of `total` units (bytes, images, epochs); extra fields are shown beside the bar. */
  update(done: number, fields?: Readonly<Record<string, string | number>>): void;
  finish(summary?: string): void;
}

export interface ProgressReporter {
  start(label: string, total: number, unit: string): ProgressTask;
}

export const silentProgress: ProgressReporter = {
  start: () => ({ update: () => {}, finish: () => {} }),
};
