// Typed errors with stable codes; the edge (http, cli) maps their kind to a wire shape.

/** What went wrong, independent of any protocol; `http` maps kinds to status codes. */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'timeout'
  | 'internal';

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class SconesError extends Error {
  override readonly name = 'SconesError';
  constructor(
    readonly code: string,
    message: string,
    readonly kind: ErrorKind,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isSconesError(value: unknown): value is SconesError {
  return value instanceof SconesError;
}

export type ErrorFactory<Name extends string> = ((
  name: Name,
  message: string,
  details?: ErrorDetails,
  cause?: unknown,
) => SconesError) & {
  /** Every code this registry can produce, e.g. `STORAGE_NO_SUCH_KEY`. */
  readonly codes: { readonly [K in Name]: string };
};

/**
 * One registry per module: `const fail = defineErrors('STORAGE', { NO_SUCH_KEY: 'not_found' })`,
 * then `throw fail('NO_SUCH_KEY', 'The specified key does not exist', { key })`.
 */
export function defineErrors<const Table extends Record<string, ErrorKind>>(
  prefix: string,
  table: Table,
): ErrorFactory<keyof Table & string> {
  type Name = keyof Table & string;
  const codes = Object.fromEntries(Object.keys(table).map((name) => [name, `${prefix}_${name}`])) as {
    [K in Name]: string;
  };
  const factory = (name: Name, message: string, details?: ErrorDetails, cause?: unknown) =>
    new SconesError(
      codes[name],
      message,
      table[name] as ErrorKind,
      details,
      cause === undefined ? {} : { cause },
    );
  return Object.assign(factory, { codes: Object.freeze(codes) });
}

/** Message of any thrown value, for logs and one-line CLI errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
