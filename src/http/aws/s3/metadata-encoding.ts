// Non-ASCII x-amz-meta-* values as S3 handles them: RFC 2047 encoded words are decoded before storing, raw UTF-8
// bytes are read as UTF-8, and values that are not US-ASCII go back out RFC 2047 encoded ("mail-safe").
import { headerText } from '../../header-text.js';

const ENCODED_WORD = /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g;

/** A stored metadata value from its request header: raw bytes as text, encoded words decoded. */
export function metadataValue(raw: string): string {
  return headerText(raw).replace(ENCODED_WORD, (word, charset: string, kind: string, text: string) => {
    const encoding = charsetOf(charset);
    if (!encoding) return word;
    const bytes =
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
                String.fromCharCode(Number.parseInt(hex, 16)),
              ),
            'latin1',
          );
    return bytes.toString(encoding);
  });
}

function charsetOf(charset: string): BufferEncoding | undefined {
  const name = charset.toLowerCase();
  if (name === 'utf-8' || name === 'utf8') return 'utf8';
  if (name === 'iso-8859-1' || name === 'us-ascii') return 'latin1';
  return undefined;
}

/** A stored value as S3 returns it: as is when US-ASCII, else one RFC 2047 `=?UTF-8?B?...?=` word. */
export function mailSafe(value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? value
    : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}
