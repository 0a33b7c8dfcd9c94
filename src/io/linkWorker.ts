// Web Worker compressing a link's network document (JSON + lz-string) off the main thread: a
// document with many hand-set numbers takes longer than a frame to encode.

import type { NetworkDocument } from '../core/share/parseDocument';
import { encodeFragment } from '../core/share/urlCodec';

self.onmessage = (e: MessageEvent<{ id: number; doc: NetworkDocument }>) => {
  self.postMessage({ id: e.data.id, fragment: encodeFragment(e.data.doc) });
};
