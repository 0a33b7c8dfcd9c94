// The MNIST file as part of the app: `vite build` emits data/mnist.bin (converted from the `mnist`
// dev dependency by scripts/data/mnistConvert.ts; not committed), and `vite dev` serves the same
// bytes at the same path. `vite preview` serves the build output, so the emitted file suffices.

import type { Plugin } from 'vite';
import { mnistBytes } from '../data/mnistConvert.js';

export const MNIST_ASSET = 'data/mnist.bin';

export const mnistAsset = (): Plugin => ({
  name: 'mnist-asset',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      const path = (req.url ?? '').split('?')[0];
      if (!path.endsWith(`/${MNIST_ASSET}`)) return next();
      const bytes = mnistBytes();
      res.setHeader('Content-Type', 'application/octet-stream');
      res.setHeader('Content-Length', String(bytes.length));
      res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    });
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: MNIST_ASSET, source: mnistBytes() });
  },
});
