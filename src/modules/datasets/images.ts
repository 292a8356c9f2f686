// Image codecs for datasets (sharp/libvips): any readable image in, 32x32 RGB out; 32x32 RGB to PNG.
import sharp from 'sharp';
import { datasetError } from './errors.js';
import { IMAGE_SIDE } from './readers/rows.js';

/**
 * Source images larger than this are refused from their header before decoding (a 48-megapixel photo passes; an
 * image bomb declaring gigapixels does not), so a hostile folder cannot make sharp allocate gigabytes.
 */
export const MAX_SOURCE_PIXELS = 50_000_000;

/** Decodes an image file to 32x32 RGB bytes, resizing only when it is not 32x32 already. */
export async function decodeToRgb32(file: string, name: string): Promise<Uint8Array> {
  try {
    const { data, info } = await sharp(file, { limitInputPixels: MAX_SOURCE_PIXELS })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width === IMAGE_SIDE && info.height === IMAGE_SIDE && info.channels === 3)
      return new Uint8Array(data);
    const resized = await sharp(data, {
      raw: { width: info.width, height: info.height, channels: info.channels },
    })
      .resize(IMAGE_SIDE, IMAGE_SIDE, { fit: 'fill' })
      .raw()
      .toBuffer();
    return new Uint8Array(resized);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw datasetError('INVALID_IMAGE', `cannot read image ${name}: ${reason}`, { image: name });
  }
}

/** Encodes 32x32 RGB bytes as a PNG; the same pixels always give the same bytes. */
export function encodePng(rgb: Uint8Array): Promise<Buffer> {
  return sharp(rgb, { raw: { width: IMAGE_SIDE, height: IMAGE_SIDE, channels: 3 } })
    .png({ compressionLevel: 9, adaptiveFiltering: false })
    .toBuffer();
}
