// The sentences of the normalization step view. Batch norm pools one channel over the batch and
// H×W; layer norm pools one sample over C×H×W. Each sentence names what the mode on screen pools,
// for the batch on screen (a batch of one is only that image), never the other mode's numbers.

export type NormPooling = 'batchNorm' | 'layerNorm';

export interface NormView {
  readonly pooling: NormPooling;
  /** The batch N, channels C and map H×W of the layer's input. */
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** The sample and channel followed. */
  readonly sample: number;
  readonly channel: number;
}

/** What the mode pools, for the map followed: one channel over the batch, or one sample. */
export function poolSentence(v: NormView): string {
  if (v.pooling === 'batchNorm') {
    return v.n === 1
      ? `Batch norm pools one channel across the batch; with a batch of one, that is only this ` +
          `image’s ${v.h}×${v.w} values of channel ${v.channel}: column ${v.channel}.`
      : `Batch norm pools one channel across the whole batch: column ${v.channel}, ` +
          `${v.n} samples × ${v.h}×${v.w} values.`;
  }
  return v.n === 1
    ? `Layer norm pools one sample across all its ${v.c} channels: the one row.`
    : `Layer norm pools one sample across all its ${v.c} channels: row ${v.sample}, ` +
        `each of the ${v.n} samples on its own.`;
}

/** When only the first `shown` channels are drawn: what the mode does with the hidden ones. */
export function hiddenChannelsSentence(v: NormView, shown: number): string | null {
  if (v.c <= shown) return null;
  const hidden = v.c - shown;
  const first = `First ${shown} of ${v.c} channels shown`;
  return v.pooling === 'batchNorm'
    ? `${first}; batch norm pools each channel on its own, so each of the other ${hidden} has ` +
        `its own μ and σ².`
    : `${first}; layer norm pools all ${v.c} of them, the ${hidden} not shown too.`;
}

/** When the step view compares the other mode than the layer's own: say so beside the equation. */
export function whatIfSentence(layer: NormPooling, pooling: NormPooling): string | null {
  if (layer === pooling) return null;
  return layer === 'batchNorm'
    ? 'This layer is a batch norm: the equation shows what layer norm would compute, with this ' +
        'layer’s γ and β; the feature maps show the batch norm.'
    : 'This layer is a layer norm: the equation shows what batch norm (training mode) would ' +
        'compute, with this layer’s γ and β; the feature maps show the layer norm.';
}
