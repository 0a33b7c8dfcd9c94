// Browser edge: the shipped MNIST file (data/mnist.bin, emitted by the build; see
// scripts/vite/mnistAsset.ts) fetched on first use, decoded into its training and test splits,
// and kept in memory for the page's lifetime. The browser's HTTP cache keeps the file itself.

import { mnistDatasets, type MnistSplit } from '../core/data/mnist';

export class DatasetLoadError extends Error {
  override readonly name = 'DatasetLoadError';
}

/** Where the build puts the file, relative to the app's base. */
export const MNIST_URL = 'data/mnist.bin';

let mnist: Promise<Uint8Array> | null = null;

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new DatasetLoadError(
      `the digits (${url}) could not be downloaded (${e instanceof Error ? e.message : e}); check the connection and try again`,
    );
  }
  if (!response.ok)
    throw new DatasetLoadError(
      `the digits (${url}) could not be downloaded: HTTP ${response.status}`,
    );
  return new Uint8Array(await response.arrayBuffer());
}

/** The MNIST file's bytes (downloaded once), for the training worker. */
export async function loadMnistBytes(): Promise<Uint8Array> {
  const url = new URL(MNIST_URL, new URL(import.meta.env.BASE_URL, document.baseURI)).href;
  mnist ??= fetchBytes(url).catch((e: unknown) => {
    mnist = null;
    throw e;
  });
  return mnist;
}

/**
 * MNIST's training and test splits; `pad: 2` gives LeNet-5's 32×32. The file is downloaded once
 * (a failed download is tried again on the next call); every call after that is immediate.
 */
export async function loadMnist(opts: { readonly pad?: number } = {}): Promise<MnistSplit> {
  return mnistDatasets(await loadMnistBytes(), opts);
}
