import { useMemo } from 'react';
import { elideTerms, gapStep } from '../../../core/slideGap';
import type { Tensor } from '../../../core/tensor';
import { colorScale, minMax } from '../../viz/colormap';
import { fmtInt, fmtValue } from '../../viz/format';
import { Heatmap } from '../Heatmap/Heatmap';
import { CellGrid, cropAxis } from './CellGrid';
import { ChannelPicker } from './ChannelPicker';
import { planesOf } from './common';
import { StepControls, stepKeys } from './StepControls';
import { useStepper } from './useStepper';

interface Props {
  readonly input: Tensor;
  readonly output: Tensor | undefined;
}

/** A map up to this many cells a side is drawn whole (ResNet's 7×7, GoogLeNet's 7×7, 14×14). */
const WHOLE = 16;
/** A bigger one: its top-left corner in numbers, the whole map as a heatmap. */
const CORNER = 10;

const gridCell = (n: number) => (n <= 6 ? 44 : n <= 9 ? 38 : n <= 12 ? 32 : 26);

/** Global average pooling, one channel at a time: its H×W values, their sum, ÷ H·W, the mean. */
export function GapSteps({ input, output }: Props) {
  const [, C, H, W] = input.shape;
  // A step is a channel: each channel's whole map is one window.
  const s = useStepper(C);
  const c = s.step;
  const planes = useMemo(() => planesOf(input), [input]);
  const scale = useMemo(() => colorScale(...minMax(input.data, 0, C * H * W)), [input, C, H, W]);
  const step = gapStep(planes, c);
  // A computed output of another shape is a stale one (the network changed): not a reference.
  const computed = output && output.shape[1] === C ? output : undefined;
  const reference = computed?.data[c];
  const whole = H <= WHOLE && W <= WHOLE;
  const rows: [number, number] = [0, (whole ? H : Math.min(H, CORNER)) - 1];
  const cols: [number, number] = [0, (whole ? W : Math.min(W, CORNER)) - 1];
  const cell = gridCell(Math.max(rows[1], cols[1]) + 1);
  const terms = elideTerms(step.divisor);
  const term = (i: number) => fmtValue(step.values[i]);
  const written = [
    ...terms.head.map(term),
    ...(terms.hidden > 0 ? [`… (${fmtInt(terms.hidden)} more)`] : []),
    ...terms.tail.map(term),
  ].join(' + ');
  const outCols = cropAxis(c, c, 0, C - 1, 9);
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="gap-steps"
      aria-label="Global average pooling, channel by channel"
    >
      <div className="slide-options">
        <ChannelPicker label="channel" value={c} count={C} onChange={s.go} />
        <span className="muted small">
          Each channel’s whole {H}×{W} map becomes one number, its mean: output channel {c} reads
          only input channel {c}. No weights, no padding.
        </span>
      </div>
      <StepControls s={s} label={`channel ${c} (${c + 1} of ${C})`} />
      <div className="slide-row">
        <figure className="slide-channel">
          <figcaption>
            input channel {c}, all {H}×{W} = {fmtInt(H * W)} values
            {!whole &&
              `; rows 0–${rows[1]}, columns 0–${cols[1]} shown in numbers, the sum reads them all`}
          </figcaption>
          <div className="gap-map">
            <div className="gap-corner">
              <CellGrid
                rows={rows}
                cols={cols}
                cell={cell}
                at={(y, x) => ({ v: step.values[y * W + x] })}
                marks={new Map()}
                outline={whole ? { y0: 0, x0: 0, y1: H - 1, x1: W - 1 } : undefined}
                label={`input channel ${c}: ${H}×${W} values`}
                testId="slide-input"
              />
              {!whole && (
                <span className="gap-more muted" aria-hidden="true">
                  …
                </span>
              )}
            </div>
            {!whole && (
              <figure className="gap-whole">
                <Heatmap
                  data={input.data}
                  offset={c * H * W}
                  h={H}
                  w={W}
                  scale={scale}
                  size={160}
                  label={`input channel ${c}, the whole ${H}×${W} map`}
                />
                <figcaption>
                  the whole {H}×{W} map
                </figcaption>
              </figure>
            )}
          </div>
        </figure>
        <figure className="slide-channel">
          <figcaption>output: one value per channel ({C}×1×1)</figcaption>
          <CellGrid
            rows={[0, 0]}
            cols={outCols}
            cell={44}
            at={(_, x) => ({
              v: x <= c ? (computed?.data[x] ?? gapStep(planes, x).output) : null,
            })}
            marks={new Map([[`0,${c}`, 'current']])}
            label="output, filled up to the current channel"
            testId="slide-output"
            onPick={(_, x) => s.go(x)}
          />
        </figure>
      </div>
      <div
        className="equation"
        data-testid="equation"
        data-output={step.output}
        data-reference={reference ?? ''}
      >
        <p>
          sum of the {fmtInt(step.divisor)} values = <span className="terms">{written}</span> ={' '}
          <strong data-testid="eq-sum">{fmtValue(step.sum)}</strong>
        </p>
        <p>
          mean = sum / (H·W) = {fmtValue(step.sum)} / ({H}·{W}) = {fmtValue(step.sum)} /{' '}
          {fmtInt(step.divisor)} ={' '}
          <strong className="result" data-testid="eq-output">
            {fmtValue(step.output)}
          </strong>
          {reference !== undefined && (
            <span className="muted small"> · computed map: {fmtValue(reference)}</span>
          )}
        </p>
      </div>
      <p className="muted small">
        PyTorch: nn.AdaptiveAvgPool2d(1). Whatever the input’s H×W, the output is {C} numbers, so
        the classifier after it works at any image size.
      </p>
    </div>
  );
}
