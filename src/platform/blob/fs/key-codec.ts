// Maps object keys to file paths that cannot escape the bucket folder, collide, or overflow a file name.
//
// Each '/'-separated segment becomes a folder; the last one a file ending in OBJECT_SUFFIX. Folder and file
// names never clash because an escaped name holds '%' only before two hex digits, never before 'obj' or '+'.
// Segments longer than a file name allows are split into CONTINUATION_SUFFIX folders.

export const OBJECT_SUFFIX = '%obj';
export const CONTINUATION_SUFFIX = '%+';
export const BUCKET_MARKER = '%bucket';
/** The bucket marker while a DeleteBucket runs: the bucket still reads, but takes no new objects. */
export const DELETING_MARKER = '%deleting';
/** The bucket's tag set (JSON); absent when it has none. */
export const BUCKET_TAGS = '%tags';
const EMPTY_SEGMENT = '%';
const MAX_NAME_BYTES = 200;

export type EntryKind = 'object' | 'folder' | 'continuation';

/** Path parts (relative to the bucket folder) of the file that holds `key`. */
export function keyToPathParts(key: string): string[] {
  const segments = key.split('/');
  const parts: string[] = [];
  segments.forEach((segment, index) => {
    const pieces = splitName(escapeSegment(segment));
    const last = pieces.pop() as string;
    parts.push(...pieces.map((piece) => piece + CONTINUATION_SUFFIX));
    parts.push(index === segments.length - 1 ? last + OBJECT_SUFFIX : last);
  });
  return parts;
}

/** What a folder entry is, and the piece of key text it stands for; undefined for entries that are not ours. */
export function decodeEntry(name: string): { kind: EntryKind; text: string } | undefined {
  if (name === BUCKET_MARKER || name === DELETING_MARKER || name === BUCKET_TAGS) return undefined;
  if (name.endsWith(OBJECT_SUFFIX))
    return { kind: 'object', text: unescapeSegment(name.slice(0, -OBJECT_SUFFIX.length)) };
  if (name.endsWith(CONTINUATION_SUFFIX)) {
    return { kind: 'continuation', text: unescapeSegment(name.slice(0, -CONTINUATION_SUFFIX.length)) };
  }
  return { kind: 'folder', text: unescapeSegment(name) };
}

function escapeSegment(segment: string): string {
  if (segment === '') return EMPTY_SEGMENT;
  if (segment === '.' || segment === '..') return segment.replaceAll('.', '%2E');
  return segment.replace(
    /[%\\\p{Cc}]/gu,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

function unescapeSegment(name: string): string {
  if (name === EMPTY_SEGMENT) return '';
  return name.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Splits an escaped name into pieces of at most MAX_NAME_BYTES UTF-8 bytes, never inside an escape or a character. */
function splitName(name: string): string[] {
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return [name];
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const unit of name.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? []) {
    const size = Buffer.byteLength(unit);
    if (bytes + size > MAX_NAME_BYTES) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += unit;
    bytes += size;
  }
  pieces.push(piece);
  return pieces;
}
