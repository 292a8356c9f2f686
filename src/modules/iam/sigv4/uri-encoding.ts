// SigV4 canonical URI and query string: RFC 3986 encoding, S3's single encoding, other services' double encoding.

/** Percent-encodes every byte but the unreserved characters `A-Z a-z 0-9 - _ . ~`. */
export function uriEscape(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`,
  );
}

/** Decodes percent escapes; a malformed escape is kept as written (it can then only fail to match). */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The same path, each segment encoded the canonical way whatever the client escaped (`%7E` -> `~`). */
function canonicalEncoding(segments: readonly string[]): string[] {
  return segments.map((segment) => uriEscape(safeDecode(segment)));
}

/** Drops empty and `.` segments and resolves `..`, as the SDKs do for services other than S3. */
function normalizeSegments(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return out;
}

/**
 * The canonical URI. S3 signs the path as sent (encoded once, not normalized); every other service
 * normalizes the path and encodes the already-encoded path a second time.
 */
export function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return canonicalEncoding(path.split('/')).join('/');
  const segments = normalizeSegments(path);
  const encoded = canonicalEncoding(segments).map(uriEscape);
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${encoded.join('/')}${trailing}`;
}

/**
 * `(key, value)` pairs of a raw query string, decoded. A raw `+` is a space (form encoding, which botocore
 * sends for spaces); a plus sign arrives as `%2B`.
 */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([safeDecode(key.replaceAll('+', ' ')), safeDecode(value.replaceAll('+', ' '))]);
  }
  return pairs;
}

/** Encoded `key=value` pairs sorted by key then value, joined by `&`; `exclude` drops a key (the signature). */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>, exclude?: string): string {
  return pairs
    .filter(([key]) => key !== exclude)
    .map(([key, value]) => [uriEscape(key), uriEscape(value)] as const)
    .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}
