// The validation images a baseline runs over: a `.lst` manifest, a folder (key prefix) of images, or a
// prepared dataset's bucket (its test split).
import { LST_KEY, loadManifest, parseLst } from '../../datasets/index.js';
import { type ObjectStore, parseS3Uri } from '../../storage/index.js';
import { monitoringError } from '../errors.js';

export interface DatasetImages {
  readonly uri: string;
  readonly bucket: string;
  readonly keys: readonly string[];
  /** Class names in class-index order, from the dataset manifest when there is one. */
  readonly classes: readonly string[] | undefined;
}

const IMAGE_KEY = /\.(png|jpe?g|webp|gif|tiff?|bmp)$/i;

export async function resolveDatasetImages(store: ObjectStore, uri: string): Promise<DatasetImages> {
  const { bucket, key } = parseS3Uri(uri);
  const manifestKey = key === '' ? LST_KEY.test : key;
  const keys = manifestKey.endsWith('.lst')
    ? parseLst((await store.getObjectBytes(bucket, manifestKey)).toString('utf8')).map((e) => e.key)
    : await imagesUnder(store, bucket, manifestKey);
  if (keys.length === 0)
    throw monitoringError('NO_IMAGES', `no images at ${uri} (give a .lst manifest or a folder of images)`, {
      uri,
    });
  const classes = await loadManifest(store, bucket).then(
    (manifest) => manifest.classes.map((c) => c.name),
    () => undefined,
  );
  return { uri, bucket, keys, classes };
}

async function imagesUnder(store: ObjectStore, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.listAllObjects(bucket, prefix))
    if (IMAGE_KEY.test(object.key) || object.contentType.startsWith('image/')) keys.push(object.key);
  return keys;
}
