import { scaleLinear } from 'd3';
import { useMemo } from 'react';
import type { FeatureVisFrame } from '../../../core/explain/featureVis';
import { isSpatial } from '../../../core/explain/graph';
import type { OkShape } from '../../../core/infer';
import { WHY_BOUNDS } from '../../../core/explain/whySettings';
import { setWhy } from '../../../state/explainActions';
import { findTopExamples, runFeatureVis } from '../../../state/featureVisActions';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { imagePixels } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { VIEW_SIZE } from './HeatView';
import { PixelImage } from './PixelImage';
import { TopExamples } from './TopExamples';

/** The objective per frame as a small line: it should climb. */
function Objective({ values }: { values: readonly number[] }) {
  const W = 200;
  const H = 48;
  if (values.length === 0) return null;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([2, W - 2]);
  const y = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .range([H - 2, 2]);
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join('');
  return (
    <figure
      className="why-objective"
      data-testid="why-fv-objective"
      data-first={values[0]}
      data-last={values[values.length - 1]}
    >
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width={W}
        height={H}
        role="img"
        aria-label="the objective at each frame"
      >
        <path d={d} />
      </svg>
      <figcaption className="muted small">
        objective {fmtValue(values[0])} → {fmtValue(values[values.length - 1])}
      </figcaption>
    </figure>
  );
}

/** Feature visualization: what to maximize, the image as it forms, and the top examples. */
export function FeatureVisView({
  frame,
  className,
}: {
  frame: FeatureVisFrame | null;
  className: string;
}) {
  const settings = useStore((s) => s.explain.settings);
  const objectives = useStore((s) => s.explain.objectives);
  const status = useStore((s) => s.explain.status);
  const network = useStore((s) => s.network);
  const { c, h, w } = network.input;
  const layers = useMemo(
    () =>
      (analyze(network).inference.layers.filter((l) => l.status === 'ok') as OkShape[]).filter(
        (l) => isSpatial(l) && l.layer.kind !== 'dropout',
      ),
    [network],
  );
  const chosen = settings.channel
    ? layers.find((l) => l.id === settings.channel!.layer)
    : undefined;
  const pixels = useMemo(
    () => (frame ? imagePixels(frame.image, c, h, w) : null),
    [frame, c, h, w],
  );
  const what = settings.channel
    ? `channel ${settings.channel.channel} of ${settings.channel.layer}`
    : `the score of ${className}`;
  return (
    <div className="why-fv">
      <div className="why-controls">
        <label>
          maximize
          <select
            value={settings.channel?.layer ?? ''}
            data-testid="why-fv-layer"
            onChange={(e) =>
              setWhy({ channel: e.target.value ? { layer: e.target.value, channel: 0 } : null })
            }
          >
            <option value="">the class score</option>
            {layers.map((l) => (
              <option key={l.id} value={l.id}>
                a channel of {l.id}
              </option>
            ))}
          </select>
        </label>
        {settings.channel && chosen && (
          <label>
            channel
            <input
              type="number"
              min={0}
              max={chosen.shape[1] - 1}
              value={settings.channel.channel}
              data-testid="why-fv-channel"
              onChange={(e) => {
                const k = Number(e.target.value);
                if (Number.isInteger(k) && k >= 0 && k < chosen.shape[1])
                  setWhy({ channel: { layer: chosen.id, channel: k } });
              }}
            />
          </label>
        )}
        <label>
          steps
          <input
            type="number"
            min={WHY_BOUNDS.steps[0]}
            max={WHY_BOUNDS.steps[1]}
            value={settings.steps}
            data-testid="why-fv-steps"
            onChange={(e) => setWhy({ steps: Number(e.target.value) })}
          />
        </label>
        <button type="button" data-testid="why-fv-run" onClick={() => void runFeatureVis()}>
          {status === 'running' ? 'Running…' : `Run ${settings.steps} steps`}
        </button>
      </div>
      {pixels && frame && (
        <div className="why-pair">
          <PixelImage
            pixels={pixels}
            w={w}
            h={h}
            size={VIEW_SIZE}
            label={`the image that maximizes ${what}`}
            testId="why-fv-image"
          />
          <div>
            <p className="small" data-testid="why-fv-step">
              step {frame.step} of {settings.steps}
            </p>
            <Objective values={objectives} />
          </div>
        </div>
      )}
      <div className="why-top">
        <button type="button" data-testid="why-top-find" onClick={() => void findTopExamples()}>
          Dataset examples that excite {what} most
        </button>
        <TopExamples />
      </div>
    </div>
  );
}
