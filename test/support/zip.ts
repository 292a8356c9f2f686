// Zip archives written by hand, so that unsafe ones can be made too: names are written as given (escaping ones
// included), and entries may lie about their size, name or mode, or reuse one deflated block (bombs).
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  readonly content?: string | Buffer;
  /** Unix mode in the central directory (0o120777: a symbolic link whose content is the target). */
  readonly mode?: number;
  /** Uncompressed size written in the headers, when it should lie. */
  readonly declaredSize?: number;
  /** The name the local header carries, when it should differ from the central directory's. */
  readonly localName?: string;
  /** General purpose flags (bit 0: encrypted). */
  readonly flags?: number;
  /** Already-deflated bytes to store (for bombs built from one compressed block). */
  readonly deflated?: { readonly bytes: Buffer; readonly size: number; readonly crc: number };
}

/** A zip archive of deflated entries; `[name, content]` is short for `{ name, content }`. */
export function zipOf(entries: readonly (ZipEntry | readonly [string, string | Buffer])[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of entries) {
    const entry: ZipEntry = isPair(item) ? { name: item[0], content: item[1] } : item;
    const data = Buffer.from(entry.content ?? '');
    const packed = entry.deflated?.bytes ?? deflateRawSync(data);
    const crc = entry.deflated?.crc ?? crc32(data);
    const size = entry.declaredSize ?? entry.deflated?.size ?? data.length;
    const centralName = Buffer.from(entry.name, 'utf8');
    const localName = Buffer.from(entry.localName ?? entry.name, 'utf8');
    const flags = 0x0800 | (entry.flags ?? 0);
    const shared = { flags, crc, packedSize: packed.length, size };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeEntryFields(local, 6, { ...shared, nameLength: localName.length });
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    writeEntryFields(central, 8, { ...shared, nameLength: centralName.length });
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, localName, packed);
    centrals.push(central, centralName);
    offset += local.length + localName.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * The run of fields the local header and the central directory entry share, from `at` (6 in the local header, 8 in
 * the central entry): flags, method (8, deflate), time and date (zero), CRC-32, compressed and real size, name length.
 */
function writeEntryFields(
  header: Buffer,
  at: number,
  fields: { flags: number; crc: number; packedSize: number; size: number; nameLength: number },
): void {
  header.writeUInt16LE(fields.flags, at);
  header.writeUInt16LE(8, at + 2);
  header.writeUInt32LE(fields.crc, at + 8);
  header.writeUInt32LE(fields.packedSize, at + 12);
  header.writeUInt32LE(fields.size, at + 16);
  header.writeUInt16LE(fields.nameLength, at + 20);
}

function isPair(
  item: ZipEntry | readonly [string, string | Buffer],
): item is readonly [string, string | Buffer] {
  return Array.isArray(item);
}
