import { useMemo, useState } from 'react';
import type { OkShape } from '../../../core/infer';
import type { Pool2dLayer } from '../../../core/layers';
import type { WindowInfo } from '../../../core/shape';
import { firstStepReading, slideCount } from '../../../core/slide';
import { poolStep } from '../../../core/slidePool';
import type { Tensor } from '../../../core/tensor';
import { fmtValue } from '../../viz/format';
import { CellGrid } from './CellGrid';
import { cellSize, hasPadding, inputCrop, markUncovered, planesOf, windowMarks } from './common';
import { OutputPlane } from './OutputPlane';
import { ChannelPicker } from './ChannelPicker';
import { StepControls, stepKeys } from './StepControls';
import { UncoveredNote } from './UncoveredNote';
import { useStepper } from './useStepper';

interface Props {
  readonly ls: OkShape & { layer: Pool2dLayer; window: WindowInfo };
  readonly input: Tensor;
  readonly output: Tensor | undefined;
}

/** Pooling, one window at a time, one channel at a time: the winner, or the mean. */
export function PoolSteps({ ls, input, output }: Props) {
  const info = ls.window;
  const layer = ls.layer;
  const isMax = layer.kind === 'maxPool2d';
  const count = slideCount(info);
  const s = useStepper(count);
  const [c, setC] = useState(0);
  const planes = useMemo(() => planesOf(input), [input]);
  const step = poolStep(planes, info, layer, s.step, c);
  const { marks, outline } = windowMarks(step.window);
  step.winners.forEach((i, k) => {
    const t = step.window.taps[i];
    marks.set(`${t.y},${t.x}`, k === 0 ? 'tap winner' : 'tap tie');
  });
  const atEnd = s.step === count - 1;
  if (atEnd) markUncovered(marks, info);
  const crop = inputCrop(info, outline);
  const cell = cellSize(Math.max(crop.rows[1] - crop.rows[0], crop.cols[1] - crop.cols[0]) + 1);
  const plane = info.h.out * info.w.out;
  const reference = output?.data[c * plane + s.step];
  const read = step.values.filter((v): v is number => v !== null);
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="pool-steps"
      aria-label="Pooling, step by step"
    >
      <div className="slide-options">
        <ChannelPicker label="channel" value={c} count={info.inChannels} onChange={setC} />
        <span className="muted small">
          Each channel is pooled on its own: output channel {c} reads only input channel {c}. No
          weights.
        </span>
      </div>
      <StepControls
        s={s}
        label={`position ${s.step + 1} of ${count}: output row ${step.window.oy}, column ${step.window.ox}`}
      />
      <div className="slide-row">
        <figure className="slide-channel">
          <figcaption>
            input channel {c}
            {hasPadding(info) ? (isMax ? ', padding ignored (−∞)' : ', padding counts as 0') : ''}
          </figcaption>
          <CellGrid
            rows={crop.rows}
            cols={crop.cols}
            cell={cell}
            at={(y, x) => {
              const pad = y < 0 || x < 0 || y >= planes.h || x >= planes.w;
              return pad
                ? { v: isMax ? null : 0, pad }
                : { v: planes.data[(c * planes.h + y) * planes.w + x] };
            }}
            marks={marks}
            outline={outline}
            label={`input channel ${c} around the window`}
            testId="slide-input"
            onHover={(y, x) => {
              if (s.playing) return;
              const t = firstStepReading(info, y, x);
              if (t >= 0) s.go(t);
            }}
          />
        </figure>
        <figure className="slide-channel">
          <figcaption>output channel {c}</figcaption>
          <OutputPlane
            info={info}
            current={s.step}
            valueAt={(t) =>
              output?.data[c * plane + t] ?? poolStep(planes, info, layer, t, c).output
            }
            onPick={s.go}
          />
        </figure>
      </div>
      <div
        className="equation"
        data-testid="equation"
        data-output={step.output}
        data-reference={reference ?? ''}
      >
        {isMax ? (
          <p>
            max({read.map(fmtValue).join(', ')}) ={' '}
            <strong className="result" data-testid="eq-output">
              {fmtValue(step.output)}
            </strong>
            {step.winners.length > 1 && (
              <span className="muted" data-testid="tie-note">
                {' '}
                — {step.winners.length} cells tie; PyTorch (and this app) keeps the first in
                row-major order, outlined solid, for the gradient.
              </span>
            )}
          </p>
        ) : (
          <p>
            ({read.map(fmtValue).join(' + ')}) / {step.divisor} ={' '}
            <strong className="result" data-testid="eq-output">
              {fmtValue(step.output)}
            </strong>
            <span className="muted small">
              {' '}
              · divided by {step.divisor}
              {read.length !== step.divisor ? ` (padding cells counted: count_include_pad)` : ''}
            </span>
          </p>
        )}
        {reference !== undefined && (
          <p className="muted small">computed map: {fmtValue(reference)}</p>
        )}
      </div>
      {atEnd && <UncoveredNote ls={ls} />}
    </div>
  );
}
