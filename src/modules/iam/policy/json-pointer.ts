// JSON pointers (RFC 6901) for locating policy problems.

export function pointer(base: string, ...tokens: readonly (string | number)[]): string {
  return tokens.reduce<string>(
    (path, token) => `${path}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`,
    base,
  );
}
