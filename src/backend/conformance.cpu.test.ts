// The conformance suite against the CPU backend (inline in Node).
import { createCpuBackend } from './cpuBackend';
import { defineConformance } from './conformance/suite';

const backend = createCpuBackend();
defineConformance('CPU', async () => backend);
