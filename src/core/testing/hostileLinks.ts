// Links a stranger could send: damaged, wrong, oversized or carrying script text. Each must be
// refused with a sentence naming the problem (`expect`, a fragment of it). Shared by the unit
// test of the codec and the end-to-end test that opens each in a browser.

import LZString from 'lz-string';

const { compressToEncodedURIComponent } = LZString;
import { FORMAT } from '../share/networkSchema';

const net = (network: unknown, extra: Record<string, unknown> = {}) =>
  compressToEncodedURIComponent(JSON.stringify({ format: FORMAT, version: 1, network, ...extra }));

const input = { n: 1, c: 1, h: 28, w: 28 };
const conv = (patch: Record<string, unknown> = {}) => ({
  id: 'c1',
  kind: 'conv2d',
  outChannels: 6,
  kernel: [5, 5],
  stride: [1, 1],
  padding: [0, 0],
  paddingMode: 'zeros',
  dilation: [1, 1],
  groups: 1,
  bias: true,
  ...patch,
});
const good = net({ input, layers: [conv()] });

/**
 * A decompression bomb: lz-string codes that each repeat the previous entry plus one letter,
 * so n codes (about 13 bits each) inflate to n²/2 characters — 6,000 codes (13 k characters of
 * link) would become 18 M characters. Written bit by bit in lz-string's URI-safe format.
 */
export function lzBomb(codes: number): string {
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
  let out = '';
  let cur = 0;
  let filled = 0;
  const put = (value: number, bits: number) => {
    for (let i = 0; i < bits; i++, value >>= 1) {
      cur = (cur << 1) | (value & 1);
      if (++filled === 6) {
        out += ALPHABET[cur];
        cur = 0;
        filled = 0;
      }
    }
  };
  put(0, 2); // an 8-bit literal follows
  put('a'.charCodeAt(0), 8);
  let size = 4;
  let enlargeIn = 4;
  let numBits = 3;
  for (let k = 0; k < codes; k++) {
    put(size++, numBits); // the entry being defined: previous + its first letter
    if (--enlargeIn === 0) enlargeIn = 1 << numBits++;
  }
  put(2, numBits); // end of stream
  if (filled > 0) out += ALPHABET[cur << (6 - filled)];
  return out;
}

export interface HostileLink {
  readonly name: string;
  readonly query: string;
  readonly expect: string;
}

export const HOSTILE_LINKS: readonly HostileLink[] = [
  {
    name: 'malformed base64',
    query: '?net=%%%not-base64!!',
    expect: 'net: the network data is damaged',
  },
  {
    name: 'truncated',
    query: `?net=${good.slice(0, Math.floor(good.length / 2))}`,
    expect: 'net:',
  },
  {
    name: 'wrong schema (layers is a string)',
    query: `?net=${net({ input, layers: 'conv' })}`,
    expect: 'network.layers: expected Array',
  },
  {
    name: 'wrong type (channels as text)',
    query: `?net=${net({ input, layers: [conv({ outChannels: '64' })] })}`,
    expect: 'network.layers[0].outChannels: expected number',
  },
  {
    name: '10^9-channel layer',
    query: `?net=${net({ input, layers: [conv({ outChannels: 1e9 })] })}`,
    expect: 'outChannels: must be at most 4096',
  },
  {
    name: '<script> in a name',
    query: `?net=${net({ input, layers: [conv({ name: '<script>alert(1)</script>' })] })}`,
    expect: 'network.layers[0].name: must be plain text',
  },
  {
    name: 'unknown layer kind',
    query: `?net=${net({ input, layers: [{ id: 'x', kind: 'eval', code: 'alert(1)' }] })}`,
    expect: 'network.layers[0].kind',
  },
  { name: 'future version', query: '?v=99&preset=lenet5', expect: 'v: this app reads version 1' },
  {
    name: 'script text as preset',
    query: `?preset=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
    expect: 'preset: there is no network',
  },
  {
    name: 'prototype key in weights',
    query: `?net=${net({ input, layers: [conv()] }, { weights: JSON.parse('{"__proto__":{"seed":1}}') })}`,
    expect: 'weights.__proto__: uses a reserved key',
  },
  {
    name: 'absurd input size',
    query: `?net=${net({ input: { n: 1, c: 3, h: 100000, w: 100000 }, layers: [] })}`,
    expect: 'network.input.h: must be at most 1024',
  },
  {
    name: 'legal layers, absurd memory',
    query: `?net=${net({ input: { n: 1, c: 3, h: 1024, w: 1024 }, layers: [conv({ outChannels: 4096, kernel: [1, 1] })] })}`,
    expect: 'GB of activations',
  },
  {
    name: 'input alone too large',
    query: `?net=${net({ input: { n: 8, c: 16, h: 1024, w: 1024 }, layers: [] })}`,
    expect: 'holds 134,217,728 values',
  },
  {
    name: 'hours of compute (64×64 kernels on a megapixel)',
    query: `?net=${net({ input: { n: 1, c: 16, h: 1024, w: 1024 }, layers: [conv({ outChannels: 64, kernel: [64, 64], padding: 'same' })] })}`,
    expect: 'G multiply-accumulates',
  },
  {
    name: 'decompression bomb',
    query: `?net=${lzBomb(6000)}`,
    expect: 'net: the network data is damaged',
  },
  { name: 'speed not offered', query: '?preset=lenet5&speed=1e9', expect: 'speed: must be one of' },
  {
    name: 'script URL as host origin',
    query: '?embed=1&origins=javascript:alert(1)',
    expect: 'origins[0]: must be origins like https://example.org',
  },
  {
    name: 'not JSON inside',
    query: `?net=${compressToEncodedURIComponent('alert(1)')}`,
    expect: 'net: the network data is damaged',
  },
];
