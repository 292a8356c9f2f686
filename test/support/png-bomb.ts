// PNG bombs for refusal tests: tiny bytes whose header declares an enormous image, or whose image data inflates to
// far more than a small header declares.
import { crc32, deflateSync } from 'node:zlib';

/** A small PNG declaring huge dimensions: its header, and the start of its (all-zero) image data. */
export function pngBomb(width: number, height: number): Buffer {
  return rgbPng(width, height, deflateSync(Buffer.alloc((width * 3 + 1) * 64)));
}

/** A PNG declaring `width` x `height` RGB pixels whose image data inflates to `mib` MiB of zeros. */
export function pngStreamBomb(width: number, height: number, mib: number): Buffer {
  return rgbPng(width, height, deflateSync(Buffer.alloc(mib * 1024 * 1024)));
}

/** An 8-bit RGB PNG of `width` x `height` around the given (deflated, filtered) image data. */
export function rgbPng(width: number, height: number, imageData: Buffer): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', imageData),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
