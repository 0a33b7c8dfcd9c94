/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { cspString } from './csp.config.js';
import { mnistAsset } from './scripts/vite/mnistAsset.js';

/** Writes the Content-Security-Policy into the built index.html (the dev server's hot reload
 *  needs inline scripts, so it runs without one). */
const cspMeta = (): Plugin => ({
  name: 'csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    {
      tag: 'meta',
      attrs: { 'http-equiv': 'Content-Security-Policy', content: cspString() },
      injectTo: 'head-prepend',
    },
  ],
});

// GPU tests run WebGPU in Node through Dawn. Without a GPU driver, Dawn finds SwiftShader via
// Chromium's Vulkan ICD; the variable must be in the environment before the test workers start.
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
  process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
}

// Served from a relative base so the build works from any static host path (and in iframes).
export default defineConfig({
  base: './',
  plugins: [react(), cspMeta(), mnistAsset()],
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
  worker: { format: 'es' },
  test: {
    environment: 'node',
    // Generous: CI is a 2-core machine, and a whole-network CPU test can take seconds there.
    testTimeout: 20_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          setupFiles: ['src/core/testing/fastCheckSetup.ts'],
          exclude: ['src/gpu/**', 'src/**/*.gpu.test.ts'],
          // Looks for real PyTorch once per run (the tests against it skip or, in CI, fail).
          globalSetup: ['src/core/testing/torchSetup.ts'],
        },
      },
      {
        // WebGPU through Dawn in Node, one file at a time, in worker threads: in child processes
        // (the 'forks' pool) Dawn crashed the worker about half the time at start-up.
        extends: true,
        test: {
          name: 'gpu',
          include: ['src/gpu/**/*.test.ts', 'src/**/*.gpu.test.ts', 'bench/**/*.gpu.test.ts'],
          fileParallelism: false,
          pool: 'threads',
          // A test's first dispatch compiles its pipelines on SwiftShader: about a second, several
          // on a loaded 2-core machine (a fixed linear case took 7.6 s under load 10).
          testTimeout: 30_000,
          setupFiles: ['src/core/testing/fastCheckSetup.ts', 'src/gpu/testing/setup.ts'],
        },
      },
    ],
  },
});
