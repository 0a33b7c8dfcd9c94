/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
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
  plugins: [
    react(),
    cspMeta(),
    mnistAsset(),
    // Offline after the first visit (a lecture hall without network): a service worker precaches
    // the app, the MNIST file, the shipped weights and the sample images. A new version waits
    // until the student accepts it (src/io/offline.ts), so old and new files never mix.
    VitePWA({
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'CNN Visualizer',
        short_name: 'CNN Visualizer',
        description:
          'Build a convolutional network, watch it compute, train it and ask it why — in the browser.',
        start_url: './',
        scope: './',
        display: 'standalone',
        background_color: '#f7f7f5',
        theme_color: '#1f5fbf',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,jpg,woff2,json,safetensors,bin,md}'],
        // data/mnist.bin is 7.85 MB.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        // Links carry the state in the query string: every one is the same page.
        navigateFallback: 'index.html',
        ignoreURLParametersMatching: [/.*/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
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
