// Polling in tests, one helper for every file: the deadline is generous (a loaded 2-core machine runs these), and
// a timeout throws naming what was awaited, so a test fails where it waited rather than at a later assertion.

export interface PollOptions {
  /** What is awaited, for the timeout message. */
  readonly what?: string;
  /** 30 s by default. */
  readonly timeoutMs?: number;
  /** Pause between checks; 50 ms by default. */
  readonly intervalMs?: number;
}

/** Polls until `check` returns a value (not undefined), or throws after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  options: PollOptions = {},
): Promise<T> {
  const { what = 'the condition', timeoutMs = 30_000, intervalMs = 50 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Polls until `check` holds, or throws after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  options: PollOptions = {},
): Promise<void> {
  await eventually(async () => ((await check()) ? true : undefined), options);
}
