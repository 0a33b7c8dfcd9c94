// Browser edge: fetch a shipped weights file and the JSON beside it (public/weights/).

import { decodeSafetensors } from '../core/weightsFile/safetensors';
import type { ShippedLoader } from '../state/shippedWeights';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

export const loadShippedWeights: ShippedLoader = async (w) => {
  const base = document.baseURI;
  const [bytes, info] = await Promise.all([
    fetchOk(new URL(w.file, base).href).then((r) => r.arrayBuffer()),
    fetchOk(new URL(w.info, base).href).then((r) => r.json() as Promise<unknown>),
  ]);
  return { tensors: decodeSafetensors(new Uint8Array(bytes)).tensors, info };
};
