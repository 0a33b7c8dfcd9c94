// Builds the benchmark page (bench/index.html) on its own, apart from the app's build: root is
// bench/, the output goes wherever bench/run.mjs asks (a temporary folder by default).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..');

/**
 * While the GPU engine is being written, a module it imports may not exist yet. Rather than fail
 * the whole build (and lose the TensorFlow.js and CPU numbers), such a module is replaced by one
 * whose exports (the names the importer asks for) throw when called, naming the missing file: the
 * layers that need it fail, everything else runs.
 */
const stubMissingSourceModules = (): Plugin => ({
  name: 'bench-stub-missing-src',
  enforce: 'pre',
  async resolveId(source, importer, options) {
    if (!importer || !source.startsWith('.') || importer.startsWith('\0')) return null;
    const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
    if (resolved) return resolved;
    const from = resolve(dirname(importer), source);
    if (!from.startsWith(resolve(repo, 'src')) || existsSync(from)) return null;
    return `\0bench-missing:${importer}:${source}`;
  },
  load(id) {
    if (!id.startsWith('\0bench-missing:')) return null;
    const [importer, source] = id.slice('\0bench-missing:'.length).split(':');
    const message = `module '${source}' imported by ${relative(repo, importer)} does not exist`;
    this.warn(`${message}: our GPU path will fail where it needs it`);
    const text = readFileSync(importer, 'utf8');
    const quoted = source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const clause = new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*['"]${quoted}['"]`).exec(text);
    const names = (clause?.[1] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n && !n.startsWith('type '))
      .map((n) => n.split(/\s+as\s+/)[0]);
    const thrower = `() => { throw new Error(${JSON.stringify(message)}); }`;
    return names.map((n) => `export const ${n} = ${thrower};\n`).join('') || 'export {};\n';
  },
});

export default defineConfig({
  root: here,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [stubMissingSourceModules()],
  worker: { format: 'es' },
  build: {
    outDir: resolve(repo, 'node_modules/.bench-dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 8000,
    rolldownOptions: {
      shimMissingExports: true,
    },
  },
});
