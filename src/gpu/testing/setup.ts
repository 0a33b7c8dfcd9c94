// Vitest setup: tear down the Dawn device of a test file that made one, before its worker exits.
import { afterAll } from 'vitest';
import { releaseNodeGpu } from './nodeGpu';

afterAll(releaseNodeGpu);
