// The stable code of the error an operation fails with, for tests that assert codes (never messages).

/** The code of the error `promise` rejects with; 'no error' when it resolves, so an assertion on a code fails. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : `untyped: ${String(error)}`;
  }
  return 'no error';
}
