import type { Conv2dLayer, Layer, Pool2dLayer } from '../../../core/layers';
import { convInfo, isIssue, type Shape } from '../../../core/shape';
import { sameNote, sameOptionLabel } from '../../viz/sameText';
import { NumberField } from '../Fields/NumberField';
import { PairField } from '../Fields/PairField';

interface Props {
  readonly layer: Conv2dLayer | Pool2dLayer;
  readonly set: (patch: Partial<Layer>, field: string) => string | null;
  /** The layer's input, when known: 'same' names the numbers it gives on it. */
  readonly inShape?: Shape;
}

/** What 'same' gives on this input (whichever padding is chosen now), as the core computes it. */
function sameAxes(conv: Conv2dLayer, inShape: Shape | undefined) {
  const info = inShape ? convInfo({ ...conv, padding: 'same' }, inShape) : null;
  return info && !isIssue(info) ? info : null;
}

/** The sliding-window settings shared by convolution and pooling. */
export function WindowFields({ layer, set, inShape }: Props) {
  const conv = layer.kind === 'conv2d' ? layer : null;
  const same = conv ? sameAxes(conv, inShape) : null;
  return (
    <>
      {conv && (
        <NumberField
          label="filters (output channels)"
          value={conv.outChannels}
          min={1}
          max={512}
          onChange={(v) => set({ outChannels: v }, 'outChannels')}
          testId="field-out-channels"
        />
      )}
      <PairField
        key={`k${layer.id}`}
        label="kernel"
        value={layer.kernel}
        min={1}
        max={11}
        onChange={(v) => set({ kernel: v }, 'kernel')}
        testId="field-kernel"
      />
      <PairField
        key={`s${layer.id}`}
        label="stride"
        value={layer.stride}
        min={1}
        max={8}
        onChange={(v) => set({ stride: v }, 'stride')}
        testId="field-stride"
      />
      {conv && (
        <label className="field wide">
          padding
          <select
            data-testid="field-padding-mode"
            value={typeof conv.padding === 'string' ? conv.padding : 'explicit'}
            onChange={(e) => {
              const v = e.target.value;
              set({ padding: v === 'same' || v === 'valid' ? v : [0, 0] }, 'padding');
            }}
          >
            <option value="explicit">numbers</option>
            <option value="same">{sameOptionLabel(same?.h ?? null, same?.w ?? null)}</option>
            <option value="valid">valid (no padding)</option>
          </select>
        </label>
      )}
      {conv?.padding === 'same' && same && (
        <p className="field-note muted small" data-testid="same-note">
          {sameNote(same.h, same.w)}
        </p>
      )}
      {(!conv || typeof conv.padding !== 'string') && (
        <PairField
          key={`p${layer.id}`}
          label="padding"
          value={(conv ? conv.padding : layer.padding) as readonly [number, number]}
          min={0}
          max={8}
          onChange={(v) => set({ padding: v }, 'padding')}
          testId="field-padding"
        />
      )}
      {conv && (
        <>
          <PairField
            key={`d${layer.id}`}
            label="dilation"
            value={conv.dilation}
            min={1}
            max={6}
            onChange={(v) => set({ dilation: v }, 'dilation')}
            testId="field-dilation"
          />
          <NumberField
            label="groups"
            value={conv.groups}
            min={1}
            max={64}
            onChange={(v) => set({ groups: v }, 'groups')}
            testId="field-groups"
          />
          <label className="field">
            padding values
            <select
              value={conv.paddingMode}
              onChange={(e) =>
                set({ paddingMode: e.target.value as Conv2dLayer['paddingMode'] }, 'paddingMode')
              }
            >
              <option value="zeros">zeros</option>
              <option value="replicate">replicate the edge</option>
              <option value="reflect">reflect</option>
            </select>
          </label>
          <label className="field check">
            <input
              type="checkbox"
              checked={conv.bias}
              data-testid="field-bias"
              onChange={(e) => set({ bias: e.target.checked }, 'bias')}
            />
            bias
          </label>
        </>
      )}
      {layer.kind !== 'conv2d' && (
        <label className="field check">
          <input
            type="checkbox"
            checked={layer.ceilMode}
            onChange={(e) => set({ ceilMode: e.target.checked }, 'ceilMode')}
          />
          ceil mode (round the output size up)
        </label>
      )}
      {layer.kind === 'avgPool2d' && (
        <label className="field check">
          <input
            type="checkbox"
            checked={layer.countIncludePad ?? true}
            onChange={(e) => set({ countIncludePad: e.target.checked }, 'countIncludePad')}
          />
          count padding in the average
        </label>
      )}
    </>
  );
}
