// Builds and rewrites .tar.gz archives for tests (tar-stream + zlib), to make broken and crafted inputs.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import tar from 'tar-stream';

export interface Member {
  readonly name: string;
  readonly bytes: Buffer;
}

export async function packTarGz(members: readonly Member[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const member of members) pack.entry({ name: member.name, size: member.bytes.length }, member.bytes);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as unknown as AsyncIterable<Buffer>) chunks.push(chunk);
  return gzipSync(Buffer.concat(chunks));
}

export async function unpackTarGz(file: string): Promise<Member[]> {
  const extract = tar.extract();
  const members: Member[] = [];
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        members.push({ name: header.name, bytes: Buffer.concat(chunks) });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  Readable.from([gunzipSync(await readFile(file))]).pipe(extract);
  await done;
  return members;
}
