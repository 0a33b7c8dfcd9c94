// `npm run train:lenet` / `npm run train:tinyvgg` [-- --out DIR]: runs a training script written in
// TypeScript under Node without another dependency. Node 20 cannot run the project's TypeScript
// (extensionless imports, type syntax), so Vite — already the build tool — bundles the scripts in
// SSR mode (Node built-ins stay imports, everything of ours is inlined) into the ignored .tmp/train/
// and this file imports the bundle and calls its main(). A build takes about a second.
import { resolve } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = resolve(fileURLToPath(import.meta.url), '../../..');
const ENTRIES = {
  lenet5: 'scripts/train/lenet5.ts',
  lenet04: 'scripts/train/lenet5Digits04.ts',
  tinyvgg: 'scripts/train/tinyvgg.ts',
};
const [which, ...args] = process.argv.slice(2);
if (!ENTRIES[which]) {
  console.error(`usage: node scripts/train/run.mjs ${Object.keys(ENTRIES).join('|')} [--out DIR]`);
  process.exit(2);
}
const outDir = resolve(root, '.tmp/train');
await build({
  configFile: false,
  root,
  logLevel: 'warn',
  build: {
    ssr: true,
    outDir,
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rolldownOptions: {
      input: { [which]: resolve(root, ENTRIES[which]) },
      output: { entryFileNames: '[name].mjs', format: 'es' },
    },
  },
});
const mod = await import(pathToFileURL(resolve(outDir, `${which}.mjs`)).href);
await mod.main(args);
