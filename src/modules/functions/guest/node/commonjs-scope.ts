// Makes `.js` files under the task root load as CommonJS unless a package.json inside the root says "module".
//
// Lambda's /var/task has no package.json above it. Ours may (a Scones checkout declares "type": "module"),
// and Node's own rule would then refuse to require the handler. This mirrors Lambda's view of the folder.
import { existsSync, readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

interface LoadableModule {
  _compile(content: string, filename: string): void;
}
type ExtensionLoader = (module: LoadableModule, filename: string) => void;
interface ModuleInternals {
  _extensions: Record<string, ExtensionLoader>;
}

/** True when the nearest package.json between `file` and `taskRoot` declares "type": "module". */
export function isModuleScope(file: string, taskRoot: string): boolean {
  let dir = path.dirname(file);
  while (isInside(dir, taskRoot)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) return readType(manifest) === 'module';
    if (dir === taskRoot) break;
    dir = path.dirname(dir);
  }
  return false;
}

export function installTaskRootCommonJs(taskRoot: string): void {
  const extensions = (Module as unknown as ModuleInternals)._extensions;
  const original = extensions['.js'];
  if (!original) return;
  extensions['.js'] = (module, filename) => {
    if (isInside(filename, taskRoot) && !isModuleScope(filename, taskRoot)) {
      module._compile(readFileSync(filename, 'utf8'), filename);
      return;
    }
    original(module, filename);
  };
}

function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

function readType(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type;
  } catch {
    return undefined;
  }
}
