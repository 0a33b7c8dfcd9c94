// Words for TensorFlow-style 'same' padding wherever the app offers or describes it. With stride 1
// it keeps the size; with stride > 1 it gives ⌈I/S⌉, which PyTorch's own padding='same' refuses to
// do, so the words say "TensorFlow style" and what the export writes instead. Every number comes
// from the core's AxisInfo (convInfo of the layer with padding 'same'), never re-derived here.

import type { AxisInfo } from '../../core/shape';

const strided = (h: AxisInfo, w: AxisInfo) => h.stride > 1 || w.stride > 1;
const ceilText = (a: AxisInfo) => `⌈${a.size}/${a.stride}⌉`;

/**
 * The padding select's option for 'same', with the layer's numbers: "same: keeps 224×224"
 * (stride 1), "same, TensorFlow style: ⌈224/2⌉ = 112" (stride 2 on a square input), or
 * "same, TensorFlow style: ⌈224/2⌉×⌈100/1⌉ = 112×100". Without numbers (the layer's input is not
 * known yet): "same, TensorFlow style".
 */
export function sameOptionLabel(h: AxisInfo | null, w: AxisInfo | null): string {
  if (!h || !w) return 'same, TensorFlow style';
  if (!strided(h, w)) return `same: keeps ${h.size}×${w.size}`;
  const square = h.size === w.size && h.stride === w.stride;
  return square
    ? `same, TensorFlow style: ${ceilText(h)} = ${h.out}`
    : `same, TensorFlow style: ${ceilText(h)}×${ceilText(w)} = ${h.out}×${w.out}`;
}

const pads = (a: AxisInfo) => `${a.padBegin} before, ${a.padEnd} after`;

/** "1 before, 1 after", or per axis when they differ. */
function padWords(h: AxisInfo, w: AxisInfo): string {
  return h.padBegin === w.padBegin && h.padEnd === w.padEnd
    ? pads(h)
    : `rows ${pads(h)}; columns ${pads(w)}`;
}

/** The sentence under the padding select while 'same' is chosen. */
export function sameNote(h: AxisInfo, w: AxisInfo): string {
  const odd = h.padBegin !== h.padEnd || w.padBegin !== w.padEnd;
  const extra = odd ? ' (the odd cell goes at the end)' : '';
  if (!strided(h, w)) return `Pads ${padWords(h, w)}${extra}, so the output keeps the input size.`;
  return (
    `TensorFlow’s 'same': the output is ⌈input / stride⌉ = ${h.out}×${w.out}, not the input ` +
    `size; padding ${padWords(h, w)}${extra}. PyTorch’s padding='same' refuses stride > 1, ` +
    `so the exported PyTorch code writes this padding out explicitly.`
  );
}
