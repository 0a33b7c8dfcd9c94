// Vitest global setup of the unit project: looks once per run for real PyTorch (a cheap
// find_spec, not an import) and hands the answer to the test files, with a scratch folder in
// which the first file that has to skip leaves a mark, so a run without torch warns once.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { probeTorch } from './torch';

export default function setup(project: TestProject): () => void {
  const marks = mkdtempSync(join(tmpdir(), 'torch-tests-'));
  project.provide('torch', { ...probeTorch(), marks });
  return () => rmSync(marks, { recursive: true, force: true });
}
