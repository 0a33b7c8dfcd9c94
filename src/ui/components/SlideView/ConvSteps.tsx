import { useMemo, useState } from 'react';
import type { OkShape } from '../../../core/infer';
import type { Conv2dLayer } from '../../../core/layers';
import type { WindowInfo } from '../../../core/shape';
import { firstStepReading, padIndex, slideCount } from '../../../core/slide';
import { convStep, groupChannels, type Planes } from '../../../core/slideConv';
import type { Tensor } from '../../../core/tensor';
import { applyClassicKernel } from '../../../state/weightActions';
import { flipSymmetry } from '../../../core/kernels';
import { updateLayer } from '../../../state/networkActions';
import { fmtValue } from '../../viz/format';
import { CellGrid } from './CellGrid';
import { cellSize, hasPadding, inputCrop, markUncovered, planesOf, windowMarks } from './common';
import { Equation } from './Equation';
import { OutputPlane } from './OutputPlane';
import { ChannelPicker } from './ChannelPicker';
import { StepControls, stepKeys } from './StepControls';
import { useStepper } from './useStepper';
import { UncoveredNote } from './UncoveredNote';

interface Props {
  readonly ls: OkShape & { layer: Conv2dLayer; window: WindowInfo };
  readonly input: Tensor;
  readonly output: Tensor | undefined;
  readonly weight: Float32Array;
  readonly bias: Float32Array | null;
}

/** Convolution, one output position at a time: window, products, sum, bias, output. */
export function ConvSteps({ ls, input, output, weight, bias }: Props) {
  const info = ls.window;
  const layer = ls.layer;
  const count = slideCount(info);
  const s = useStepper(count);
  const [oc, setOc] = useState(0);
  // A setting of the layer (an undoable edit): the feature maps, the export and this view agree.
  const flip = layer.trueConvolution ?? false;
  const planes = useMemo(() => planesOf(input), [input]);
  const step = convStep(planes, weight, bias, info, layer, s.step, oc, flip);
  // The other kernel orientation, for the comparison line: only while paused (not per frame).
  const other = s.playing ? null : convStep(planes, weight, bias, info, layer, s.step, oc, !flip);
  const { marks, outline } = windowMarks(step.window);
  const atEnd = s.step === count - 1;
  if (atEnd) markUncovered(marks, info);
  const crop = inputCrop(info, outline);
  const cell = cellSize(Math.max(crop.rows[1] - crop.rows[0], crop.cols[1] - crop.cols[0]) + 1);
  const [kh, kw] = layer.kernel;
  const shown = step.channels.slice(0, 3);
  const plane = info.h.out * info.w.out;
  const reference = output?.data[oc * plane + s.step];
  // Filled cells: the computed map (equal to the stepper's sums, see slide.cross.test.ts).
  const valueAt = (t: number) =>
    output
      ? output.data[oc * plane + t]
      : convStep(planes, weight, bias, info, layer, t, oc, flip).output;
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="conv-steps"
      aria-label="Convolution, step by step"
    >
      <div className="slide-options">
        <ChannelPicker
          label="follow filter (output channel)"
          value={oc}
          count={info.outChannels}
          onChange={setOc}
        />
        <label>
          <input
            type="checkbox"
            checked={flip}
            onChange={(e) => updateLayer(ls.id, { trueConvolution: e.target.checked }, 'flip')}
            data-testid="true-conv"
          />
          true convolution (flip the kernel)
        </label>
        <span className="muted small">
          reads input channel{step.channels.length > 1 ? 's' : ''}{' '}
          {groupChannels(info, oc).length > 6
            ? `${step.channels[0].c}…${step.channels.at(-1)!.c}`
            : step.channels.map((c) => c.c).join(', ')}
          {info.groups > 1 ? ` (group ${Math.floor(oc / (info.outChannels / info.groups))})` : ''}
        </span>
      </div>
      <StepControls
        s={s}
        label={`position ${s.step + 1} of ${count}: output row ${step.window.oy}, column ${step.window.ox}`}
      />
      <div className="slide-row">
        {shown.map((ch) => (
          <figure key={ch.c} className="slide-channel" data-testid="slide-channel">
            <figcaption>
              input channel {ch.c}
              {hasPadding(info) ? `, ${layer.paddingMode} padding` : ''}
            </figcaption>
            <CellGrid
              rows={crop.rows}
              cols={crop.cols}
              cell={cell}
              at={(y, x) => inputAt(planes, ch.c, y, x, layer.paddingMode)}
              marks={marks}
              outline={outline}
              label={`input channel ${ch.c} around the window`}
              testId="slide-input"
              onHover={(y, x) => {
                if (s.playing) return;
                const t = firstStepReading(info, y, x);
                if (t >= 0) s.go(t);
              }}
            />
            <div className="kernel-products">
              <CellGrid
                rows={[0, kh - 1]}
                cols={[0, kw - 1]}
                cell={42}
                at={(y, x) => ({ v: ch.weights[y * kw + x] })}
                marks={new Map()}
                label="kernel weights"
                testId="slide-kernel"
              />
              <span className="op">⊙ →</span>
              <CellGrid
                rows={[0, kh - 1]}
                cols={[0, kw - 1]}
                cell={42}
                at={(y, x) => ({ v: ch.products[y * kw + x] })}
                marks={new Map()}
                label="products"
                testId="slide-products"
              />
            </div>
            <p className="partial">
              partial sum <strong>{fmtValue(ch.partial)}</strong>
            </p>
          </figure>
        ))}
        <figure className="slide-channel">
          <figcaption>output channel {oc}</figcaption>
          <OutputPlane info={info} current={s.step} valueAt={valueAt} onPick={s.go} />
        </figure>
      </div>
      {step.channels.length > shown.length && (
        <p className="muted small">
          …and {step.channels.length - shown.length} more input channels, each read through its own
          slice of the kernel: their partial sums are in the total below.
        </p>
      )}
      <FlipNote layerId={ls.id} oc={oc} channels={step.channels} kh={kh} kw={kw} flip={flip} />
      <Equation step={step} reference={reference} />
      <p className="muted small" data-testid="flip-compare">
        {flip ? 'true convolution' : 'cross-correlation (what CNN layers compute)'}:{' '}
        {fmtValue(step.output)} ·{' '}
        {flip ? 'cross-correlation' : 'true convolution (kernel flipped 180°)'}:{' '}
        {other ? fmtValue(other.output) : '…'}
      </p>
      {atEnd && <UncoveredNote ls={ls} />}
    </div>
  );
}

function inputAt(x: Planes, c: number, y: number, xx: number, mode: Conv2dLayer['paddingMode']) {
  // The padding shows what the layer reads there: zeros, or the copied edge values.
  const sy = padIndex(y, x.h, mode);
  const sx = padIndex(xx, x.w, mode);
  const pad = y < 0 || xx < 0 || y >= x.h || xx >= x.w;
  return { v: sy < 0 || sx < 0 ? 0 : x.data[(c * x.h + sy) * x.w + sx], pad };
}

/**
 * What flipping does to this filter: nothing for a kernel that is the same turned 180° (then a
 * button puts an asymmetric one in, so the difference can be seen), a sign change for one that
 * is its own negative turned (Sobel).
 */
function FlipNote(p: {
  readonly layerId: string;
  readonly oc: number;
  readonly channels: readonly { readonly c: number; readonly weights: ArrayLike<number> }[];
  readonly kh: number;
  readonly kw: number;
  readonly flip: boolean;
}) {
  const kinds = new Set(p.channels.map((ch) => flipSymmetry(ch.weights, p.kh, p.kw)));
  if (kinds.size !== 1 || kinds.has('neither')) return null;
  if (kinds.has('antisymmetric'))
    return (
      <p className="muted small" data-testid="flip-note">
        Turned 180°, this kernel is its own negative (like Sobel): true convolution gives minus the
        cross-correlation&apos;s sum, plus the same bias.
      </p>
    );
  return (
    <p className="muted small" data-testid="flip-note">
      This kernel is the same turned 180°: flipping it changes nothing.{' '}
      {p.kh === 3 && p.kw === 3 && (
        <button
          type="button"
          data-testid="flip-asymmetric"
          onClick={() => {
            // Every input channel of this filter (by its place in the group).
            p.channels.forEach((_, i) => applyClassicKernel(p.layerId, p.oc, i, 'emboss'));
          }}
        >
          Try an asymmetric kernel (emboss)
        </button>
      )}
    </p>
  );
}
