import { useMemo, useState } from 'react';
import type { OkShape } from '../../../core/infer';
import { batchNormPool, layerNormPool, normalizeValue } from '../../../core/normStats';
import type { Tensor } from '../../../core/tensor';
import type { LayerParams } from '../../../core/weights';
import { setInputSpec } from '../../../state/networkActions';
import { colorScale, minMax } from '../../viz/colormap';
import { fmtInt, fmtNumber, fmtValue } from '../../viz/format';
import { hiddenChannelsSentence, poolSentence, whatIfSentence } from '../../viz/normText';
import { useStore } from '../../../state/store';
import { selectBatchNormMode } from '../../selectors';
import { setBatchNormMode } from '../../../state/viewActions';
import { Heatmap } from '../Heatmap/Heatmap';
import { StepControls, stepKeys } from './StepControls';
import { useStepper } from './useStepper';

interface Props {
  readonly ls: OkShape;
  readonly input: Tensor;
  readonly output: Tensor | undefined;
  readonly params: LayerParams;
  readonly eps: number;
  readonly batch: number;
}

const MAX_COLS = 16;

/** Normalization: which values are pooled into μ and σ², and what one value becomes. */
export function NormSteps({ ls, input, output, params, eps, batch }: Props) {
  const [N, C, H, W] = input.shape as [number, number, number, number];
  const isBatch = ls.layer.kind === 'batchNorm';
  const [pooling, setPooling] = useState<'batchNorm' | 'layerNorm'>(
    isBatch ? 'batchNorm' : 'layerNorm',
  );
  const [focus, setFocus] = useState({ n: 0, c: 0 });
  const plane = H * W;
  const s = useStepper(plane);
  const scale = useMemo(() => colorScale(...minMax(input.data)), [input]);
  const { n, c } = { n: Math.min(focus.n, N - 1), c: Math.min(focus.c, C - 1) };
  const shape = [N, C, H, W] as const;
  const stats =
    pooling === 'batchNorm'
      ? batchNormPool(input.data, shape, c)
      : layerNormPool(input.data, shape, n);
  const i = (n * C + c) * plane + s.step;
  const x = input.data[i];
  const xhat = normalizeValue(x, stats.mean, stats.variance, eps);
  const elem = c * plane + s.step;
  const gamma = isBatch ? (params.gamma?.[c] ?? 1) : (params.gamma?.[elem] ?? 1);
  const beta = isBatch ? (params.beta?.[c] ?? 0) : (params.beta?.[elem] ?? 0);
  const pooled = (r: number, k: number) => (pooling === 'batchNorm' ? k === c : r === n);
  const cols = Math.min(C, MAX_COLS);
  const size = Math.max(40, Math.min(88, 560 / Math.max(cols, 4)));
  const over = pooling === 'batchNorm' ? `N×H×W = ${N}×${H}×${W}` : `C×H×W = ${C}×${H}×${W}`;
  const runMean = params.runningMean?.[c] ?? 0;
  const runVar = params.runningVar?.[c] ?? 1;
  const inference = gamma * normalizeValue(x, runMean, runVar, eps) + beta;
  const mode = useStore(selectBatchNormMode);
  const words = { pooling, n: N, c: C, h: H, w: W, sample: n, channel: c };
  const hidden = hiddenChannelsSentence(words, cols);
  const whatIf = whatIfSentence(isBatch ? 'batchNorm' : 'layerNorm', pooling);
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="norm-steps"
      aria-label="Normalization, value by value"
    >
      <div className="slide-options">
        <label>
          batch N
          <select
            value={batch}
            data-testid="norm-batch"
            onChange={(e) => setInputSpec({ n: Number(e.target.value) }, 'n')}
          >
            {[1, 2, 3, 4, 5, 6, 7, 8].map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="radiogroup" aria-label="Pool statistics like">
          {(['batchNorm', 'layerNorm'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="radio"
              aria-checked={pooling === k}
              data-testid={`pool-${k}`}
              onClick={() => setPooling(k)}
            >
              {k === 'batchNorm' ? 'batch norm' : 'layer norm'}
            </button>
          ))}
        </div>
        <span className="muted small" data-testid="norm-pools">
          {poolSentence(words)} Click a map to follow it.
        </span>
      </div>
      <StepControls
        s={s}
        label={`sample ${n}, channel ${c}, row ${Math.floor(s.step / W)}, column ${s.step % W}`}
      />
      <div
        className="norm-grid"
        style={{ gridTemplateColumns: `auto repeat(${cols}, auto)` }}
        data-testid="norm-grid"
        data-pooled-count={stats.count}
      >
        <span />
        {Array.from({ length: cols }, (_, k) => (
          <span key={k} className="axis">
            c {k}
          </span>
        ))}
        {Array.from({ length: N }, (_, r) => [
          <span key={`n${r}`} className="axis">
            n {r}
          </span>,
          ...Array.from({ length: cols }, (_, k) => (
            <button
              key={`${r}-${k}`}
              type="button"
              className={`norm-map${pooled(r, k) ? ' pooled' : ''}${r === n && k === c ? ' focus' : ''}`}
              data-testid="norm-map"
              data-pooled={pooled(r, k)}
              data-cells={plane}
              aria-label={`sample ${r}, channel ${k}`}
              onClick={() => setFocus({ n: r, c: k })}
            >
              <Heatmap
                data={input.data}
                offset={(r * C + k) * plane}
                h={H}
                w={W}
                scale={scale}
                size={size}
                label={`sample ${r}, channel ${k}`}
              />
            </button>
          )),
        ])}
      </div>
      {hidden && (
        <p className="muted small" data-testid="norm-hidden">
          {hidden}
        </p>
      )}
      {whatIf && (
        <p className="muted small" data-testid="norm-what-if">
          {whatIf}
        </p>
      )}
      <div
        className="equation"
        data-testid="equation"
        data-output={gamma * xhat + beta}
        data-reference={output?.data[i] ?? ''}
      >
        <p>
          μ = mean of {fmtInt(stats.count)} values ({over}) ={' '}
          <strong data-testid="norm-mean">{fmtValue(stats.mean)}</strong>, σ² ={' '}
          <strong data-testid="norm-var">{fmtValue(stats.variance)}</strong>
        </p>
        <p>
          x̂ = (x − μ) / √(σ² + ε) = ({fmtValue(x)} − {fmtValue(stats.mean)}) / √(
          {fmtValue(stats.variance)} + {fmtNumber(eps)}) = <strong>{fmtValue(xhat)}</strong>
        </p>
        <p>
          y = γ·x̂ + β = {fmtValue(gamma)}·{fmtValue(xhat)} + {fmtValue(beta)} ={' '}
          <strong className="result" data-testid="eq-output">
            {fmtValue(gamma * xhat + beta)}
          </strong>
        </p>
      </div>
      {isBatch ? (
        <p className="muted" data-testid="norm-modes">
          <strong>Training vs inference.</strong> While training, batch norm uses the statistics of
          the batch, as above
          {N === 1 ? ' (a batch of one: this image’s own values of the channel)' : ''}, and keeps
          running averages of them. At inference it uses those running averages instead, so an
          input’s output no longer depends on the other images of the batch: here μ ={' '}
          {fmtValue(runMean)}, σ² = {fmtValue(runVar)} (a freshly initialized layer), giving y ={' '}
          {fmtValue(inference)}. The feature maps show {mode} mode
          {output ? `: ${fmtValue(output.data[i])}` : ''}.
          {N * plane === 1 &&
            ' With one value per channel PyTorch refuses to train batch norm: the batch has no spread to measure.'}{' '}
          <button
            type="button"
            data-testid="bn-mode-toggle"
            onClick={() => setBatchNormMode(mode === 'training' ? 'inference' : 'training')}
          >
            {mode === 'training'
              ? 'Show the maps with running statistics (inference)'
              : 'Show the maps with the batch’s statistics (training)'}
          </button>
        </p>
      ) : (
        <p className="muted" data-testid="norm-modes">
          Layer norm computes its statistics from each sample alone, the same way in training and at
          inference; it does not depend on the batch at all.
        </p>
      )}
    </div>
  );
}
