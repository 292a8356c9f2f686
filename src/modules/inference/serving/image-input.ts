// Turns a request body into model input: content-type check, then a fast-path PNG or sharp's 32x32 RGB pixels.
import sharp from 'sharp';
import { inferenceError } from '../errors.js';
import { fitsFastPath } from './png-fast-path.js';

/** What the built-in image classifier accepts. */
export const IMAGE_CONTENT_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'application/x-image'];

/** Model input for one image: bytes the predictor worker decodes itself, or pixels decoded here. */
export type ImageInput =
  | { readonly kind: 'png'; readonly bytes: Uint8Array }
  | { readonly kind: 'rgb'; readonly pixels: Uint8Array };

export interface ImageShape {
  readonly width: number;
  readonly height: number;
  /** Largest width x height decoded; checked from the image header before any pixel is decoded. */
  readonly maxInputPixels: number;
}

// A server decodes many small images: libvips' operation cache would only hold memory.
sharp.cache(false);

/** Lower-cased media type without parameters (`image/png; q=1` -> `image/png`). */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function checkContentType(contentType: string | undefined): void {
  const type = mediaType(contentType);
  if (!IMAGE_CONTENT_TYPES.includes(type))
    throw inferenceError(
      'UNSUPPORTED_CONTENT_TYPE',
      `content type ${JSON.stringify(contentType ?? '')} is not supported; send the image as ${IMAGE_CONTENT_TYPES.join(', ')}`,
      { contentType: contentType ?? null },
    );
}

export async function prepareImage(
  body: Uint8Array,
  contentType: string | undefined,
  shape: ImageShape,
  limiter: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<ImageInput> {
  checkContentType(contentType);
  if (body.length === 0) throw inferenceError('EMPTY_BODY', 'the request body is empty; send an image');
  if (fitsFastPath(body, shape.width, shape.height)) return { kind: 'png', bytes: body };
  return { kind: 'rgb', pixels: await limiter(() => decodeWithSharp(body, shape)) };
}

/**
 * Decodes and resizes exactly as the datasets module prepares training images: sRGB, alpha dropped, then
 * (when the size differs) a raw resize with `fit: 'fill'`.
 */
export async function decodeWithSharp(body: Uint8Array, shape: ImageShape): Promise<Uint8Array> {
  const decoded = await sharp(body, { limitInputPixels: shape.maxInputPixels })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true })
    .catch((error: unknown) => {
      throw describeDecodeError(error, shape);
    });
  const { width, height, channels } = decoded.info;
  if (channels !== 3)
    throw inferenceError('INVALID_IMAGE', `the image decodes to ${channels} channels, not RGB`);
  if (width === shape.width && height === shape.height) return new Uint8Array(decoded.data);
  const resized = await sharp(decoded.data, { raw: { width, height, channels }, limitInputPixels: false })
    .resize(shape.width, shape.height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return new Uint8Array(resized);
}

function describeDecodeError(error: unknown, shape: ImageShape) {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message))
    return inferenceError(
      'IMAGE_TOO_LARGE',
      `the image has more than ${shape.maxInputPixels} pixels (its header says so); send a smaller image`,
      { maxInputPixels: shape.maxInputPixels },
    );
  const reason = message.split('\n')[0]?.replace(/^Input buffer /, '') ?? message;
  return inferenceError('INVALID_IMAGE', `the body is not a decodable image: ${reason}`);
}
