// Builds the dashboard (web/) into web/dist: hashed assets, plus gzip and brotli copies served as they are.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/** Writes `.gz` and `.br` beside every text asset, so @fastify/static sends them without compressing per request. */
function precompress(): Plugin {
  return {
    name: 'scones-precompress',
    apply: 'build',
    async closeBundle() {
      const out = path.join(root, 'dist');
      const files = (await readdir(out, { recursive: true })).filter((f) =>
        /\.(js|css|html|svg|json)$/.test(f),
      );
      for (const file of files) {
        const bytes = await readFile(path.join(out, file));
        const [gz, br] = await Promise.all([
          promisify(gzip)(bytes, { level: 9 }),
          promisify(brotliCompress)(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        ]);
        await writeFile(path.join(out, `${file}.gz`), gz);
        await writeFile(path.join(out, `${file}.br`), br);
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // ECharts is most of the bundle: one vendor chunk, cached across dashboard releases that leave it alone.
    rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } } },
    chunkSizeWarningLimit: 900,
  },
  plugins: [precompress()],
});
