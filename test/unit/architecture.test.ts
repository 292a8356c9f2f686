// Enforces the dependency rules of docs/architecture.md on every import under src/.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

function internalImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [
    ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g),
  ]
    .map((m) => m[1] ?? m[2] ?? '')
    .filter((s) => s.startsWith('.'));
  return specifiers.map((s) =>
    path.relative(SRC, path.resolve(path.dirname(file), s)).replace(/\.js$/, '.ts'),
  );
}

/** Why `from` may not import `to`, or undefined when the rule set allows it. */
function violation(from: string, to: string): string | undefined {
  const [fromTop, ...fromRest] = from.split('/');
  const [toTop, ...toRest] = to.split('/');
  if (to.startsWith('..')) return 'imports from outside src/';
  if (fromTop === 'kernel') return toTop === 'kernel' ? undefined : 'kernel imports nothing internal';
  if (toTop === 'app' && !(from === 'main.ts' || fromTop === 'cli' || fromTop === 'app'))
    return 'only main.ts and cli import app';
  if ((toTop === 'http' || toTop === 'cli') && fromTop === 'modules')
    return 'modules never import http or cli';
  if (toTop === 'platform' && toRest.length >= 3) {
    const adapterDir = toRest.slice(0, 2).join('/');
    const sameAdapter = fromTop === 'platform' && fromRest.slice(0, 2).join('/') === adapterDir;
    if (!sameAdapter && fromTop !== 'app') return `adapter platform/${adapterDir} is chosen only in app/`;
  }
  if (fromTop === 'platform' && !['platform', 'kernel'].includes(toTop ?? ''))
    return 'adapters import only ports and kernel';
  if (fromTop === 'modules' && toTop === 'modules' && fromRest[0] !== toRest[0]) {
    if (!(toRest.length === 2 && toRest[1] === 'index.ts'))
      return `cross-module import must use modules/${toRest[0]}/index.ts`;
  }
  if (from.startsWith('modules/functions/guest/')) {
    const allowed =
      to.startsWith('kernel/') ||
      to.startsWith('modules/functions/guest/') ||
      to === 'modules/functions/protocol.ts';
    if (!allowed) return 'functions/guest imports only the protocol and kernel';
  }
  if (
    from.startsWith('modules/workflows/asl/') &&
    !(to.startsWith('modules/workflows/asl/') || toTop === 'kernel')
  )
    return 'workflows/asl is pure and imports only itself and kernel';
  return undefined;
}

describe('architecture', () => {
  const files = sourceFiles(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it('respects the dependency rules', () => {
    const problems = files.flatMap((file) => {
      const from = path.relative(SRC, file);
      return internalImports(file).flatMap((to) => {
        const why = violation(from, to);
        return why ? [`${from} -> ${to}: ${why}`] : [];
      });
    });
    expect(problems).toEqual([]);
  });

  it('flags a module importing an adapter', () => {
    expect(violation('modules/storage/object-store.ts', 'platform/blob/fs/fs-blob-store.ts')).toMatch(
      /only in app/,
    );
    expect(violation('modules/storage/object-store.ts', 'platform/blob/port.ts')).toBeUndefined();
    expect(violation('kernel/errors.ts', 'app/config.ts')).toBeDefined();
    expect(violation('modules/workflows/engine/run.ts', 'modules/storage/index.ts')).toBeUndefined();
    expect(violation('modules/workflows/engine/run.ts', 'modules/storage/object-store.ts')).toMatch(
      /index\.ts/,
    );
  });
});
