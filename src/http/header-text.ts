// Header values as the client meant them. Node reads header bytes as Latin-1; clients (botocore, curl, the Go SDK)
// send non-ASCII values as UTF-8 bytes and sign the UTF-8 text, so valid UTF-8 is read as UTF-8. Bytes that are not
// valid UTF-8 stay as Node read them.

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function headerText(raw: string): string {
  if (!/[\x80-\xff]/.test(raw)) return raw;
  try {
    return utf8.decode(Buffer.from(raw, 'latin1'));
  } catch {
    return raw;
  }
}

/** Every header value read as `headerText` (repeated headers too), for signature checks. */
export function headersAsText(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string | string[] | undefined> {
  const out: Record<string, string | string[] | undefined> = {};
  for (const [name, value] of Object.entries(headers))
    out[name] = Array.isArray(value)
      ? value.map(headerText)
      : value === undefined
        ? value
        : headerText(value);
  return out;
}
