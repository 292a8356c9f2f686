// The package version, read once from package.json (two folders up from both src/app and dist/app).
import { readFileSync } from 'node:fs';

export const SCONES_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
