// The JavaScript the first screen needs: the entry script of the built index.html and every
// chunk it preloads, gzipped (level 9), against the budget. Lazy chunks (KaTeX, the step view,
// the training studio, the Why panel, the GPU engine, the workers) are not counted.
//   npm run build && npm run size        (exits 1 over budget; CI runs it after the build)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const html = readFileSync('dist/index.html', 'utf8');
const files = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let total = 0;
for (const f of files) {
  const gz = gzipSync(readFileSync(`dist/${f}`), { level: 9 }).length;
  total += gz;
  process.stdout.write(`${(gz / 1024).toFixed(1).padStart(7)} KB  ${f}\n`);
}
const kb = total / 1024;
process.stdout.write(
  `${kb.toFixed(1).padStart(7)} KB  initial JavaScript, gzipped (budget ${BUDGET_KB} KB)\n`,
);
if (kb > BUDGET_KB) {
  console.error(`over budget by ${(kb - BUDGET_KB).toFixed(1)} KB: load more of it lazily`);
  process.exit(1);
}
