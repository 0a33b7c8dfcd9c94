import { useEffect, useMemo, useRef, useState } from 'react';
import type { OkShape } from '../../../core/infer';
import { denseStep, unflattenIndex } from '../../../core/slideDense';
import type { Tensor } from '../../../core/tensor';
import { colorScale, heatmapPixels, inkOn, minMax } from '../../viz/colormap';
import { fmtInt, fmtValue } from '../../viz/format';
import { Heatmap } from '../Heatmap/Heatmap';
import { StepControls, stepKeys } from './StepControls';
import { useStepper } from './useStepper';

const SHOWN = 24;

/** Flatten: where value i of the row comes from, C then H then W. */
export function FlattenSteps({ input }: { input: Tensor }) {
  const [, C, H, W] = input.shape;
  const total = C * H * W;
  const s = useStepper(total);
  const { c, y, x } = unflattenIndex(s.step, H, W);
  const scale = useMemo(() => colorScale(...minMax(input.data, 0, total)), [input, total]);
  const first = Math.max(0, Math.min(total - SHOWN, s.step - SHOWN / 2));
  // Up to 16 channels side by side; past that, a window of 16 that keeps the current one in view.
  const shownC = Math.min(C, 16);
  const firstC = Math.min(Math.max(0, c - shownC + 1), C - shownC);
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="flatten-steps"
      aria-label="Flatten, value by value"
    >
      <p className="muted small">
        Flatten lays the C×H×W values in one row: all of channel 0 row by row, then channel 1, … No
        weights; nothing is computed, only re-indexed.
      </p>
      <StepControls
        s={s}
        label={`index ${s.step} (value ${s.step + 1} of ${total}): channel ${c}, row ${y}, column ${x}`}
      />
      <div className="slide-row">
        {Array.from({ length: shownC }, (_, i) => firstC + i).map((k) => (
          <figure key={k} className={`slide-channel${k === c ? ' current' : ''}`}>
            <figcaption>channel {k}</figcaption>
            <div className="marked">
              <Heatmap
                data={input.data}
                offset={k * H * W}
                h={H}
                w={W}
                scale={scale}
                size={96}
                label={`channel ${k}`}
              />
              {k === c && (
                <span
                  className="marker"
                  style={{ left: `${((x + 0.5) / W) * 100}%`, top: `${((y + 0.5) / H) * 100}%` }}
                />
              )}
            </div>
          </figure>
        ))}
      </div>
      <div className="flat-row" aria-label="the flattened row around the current value">
        {Array.from({ length: Math.min(SHOWN, total) }, (_, k) => {
          const i = first + k;
          return (
            <span
              key={i}
              className={`flat-cell${i === s.step ? ' current' : ''}`}
              style={{
                background: scale.color(input.data[i]),
                color: inkOn(scale.rgb(input.data[i])),
              }}
            >
              <small>{i}</small>
            </span>
          );
        })}
      </div>
      <div className="equation" data-testid="equation" data-output={input.data[s.step]}>
        <p>
          index {s.step} = c·H·W + y·W + x = {c}·{H}·{W} + {y}·{W} + {x} → value{' '}
          <strong className="result" data-testid="eq-output">
            {fmtValue(input.data[s.step])}
          </strong>
        </p>
      </div>
    </div>
  );
}

interface DenseProps {
  readonly ls: OkShape;
  readonly input: Tensor;
  readonly output: Tensor | undefined;
  readonly weight: Float32Array;
  readonly bias: Float32Array | null;
}

/** Linear: one output neuron's dot product over every input feature. */
export function LinearSteps({ ls, input, output, weight, bias }: DenseProps) {
  const inF = input.shape[1];
  const outF = ls.shape[1];
  const s = useStepper(outF);
  const [hover, setHover] = useState<number | null>(null);
  const step = denseStep(input.data, weight, bias, inF, s.step);
  const scale = useMemo(() => colorScale(...minMax(weight)), [weight]);
  // Only the terms written out are formatted (a VGG fc row has 25,088).
  const term = (i: number) => `${fmtValue(input.data[i])}·${fmtValue(weight[s.step * inF + i])}`;
  const written =
    inF <= 8
      ? Array.from({ length: inF }, (_, i) => term(i)).join(' + ')
      : `${[0, 1, 2, 3, 4].map(term).join(' + ')} + … (${fmtInt(inF - 6)} more) + ${term(inF - 1)}`;
  const params = outF * (inF + (bias ? 1 : 0));
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="linear-steps"
      aria-label="Dense layer, neuron by neuron"
    >
      <StepControls s={s} label={`neuron ${s.step} of ${outF}`} />
      <p className="muted small">
        Neuron {s.step} reads every one of the {fmtInt(inF)} inputs through its own row of weights
        (below, one cell per input); the next neuron has another row.
      </p>
      <div
        className="weight-row"
        onPointerLeave={(e) => e.pointerType !== 'touch' && setHover(null)}
      >
        <WeightStrip
          data={weight}
          offset={s.step * inF}
          length={inF}
          scale={scale}
          onHover={setHover}
        />
        <span className="muted small">
          {hover !== null
            ? `w[${s.step}, ${hover}] = ${fmtValue(weight[s.step * inF + hover])}, input ${fmtValue(input.data[hover])}`
            : ' '}
        </span>
      </div>
      <div
        className="equation"
        data-testid="equation"
        data-output={step.output}
        data-reference={output?.data[s.step] ?? ''}
      >
        <p>
          Σ xᵢ·w[{s.step}, i] = <span className="terms">{written}</span> ={' '}
          <strong>{fmtValue(step.sum)}</strong>
        </p>
        <p>
          {bias ? `${fmtValue(step.sum)} + bias ${fmtValue(step.bias)} = ` : ''}output[{s.step}] ={' '}
          <strong className="result" data-testid="eq-output">
            {fmtValue(step.output)}
          </strong>
        </p>
      </div>
      <p className="muted" data-testid="dense-vs-conv">
        This layer has {outF} × ({fmtInt(inF)} + {bias ? 1 : 0}) = <strong>{fmtInt(params)}</strong>{' '}
        parameters: every output sees every input, with its own weight. A 3×3 convolution from one
        input channel to {outF} output channels has {outF} × (1 × 3 × 3 + 1) = {fmtInt(outF * 10)}{' '}
        whatever the image size: it looks at 9 neighbours and shares those weights across every
        position.
      </p>
    </div>
  );
}

interface StripProps {
  readonly data: Float32Array;
  readonly offset: number;
  readonly length: number;
  readonly scale: ReturnType<typeof colorScale>;
  readonly onHover: (i: number | null) => void;
}

/** One neuron's weights as a colour strip, one column per input, tall enough to see. */
function WeightStrip({ data, offset, length, scale, onHover }: StripProps) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx)
      ctx.putImageData(
        new ImageData(heatmapPixels(data, offset, 1, length, scale), length, 1),
        0,
        0,
      );
  }, [data, offset, length, scale]);
  const width = Math.min(720, Math.max(240, length * 3));
  // A mouse reads the weight under it; a finger taps, or slides along the strip (touch-action
  // pan-y in SlideView.css: a sideways drag scrubs instead of scrolling).
  const read = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    onHover(
      Math.min(length - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * length))),
    );
  };
  return (
    <canvas
      ref={ref}
      width={length}
      height={1}
      className="heatmap weight-strip"
      style={{ width, height: 28 }}
      role="img"
      aria-label="the neuron's weights, one column per input"
      onPointerMove={read}
      onPointerDown={read}
    />
  );
}
