import './Why.css';
import { useEffect, useMemo, useRef } from 'react';
import { argmax } from '../../../core/explain/gradCam';
import type { SaliencyKind } from '../../../core/explain/saliency';
import type { FeatureVisFrame } from '../../../core/explain/featureVis';
import type { GradCamResult, OcclusionResult, SaliencyResult } from '../../../core/explain/types';
import { WHY_BOUNDS, WHY_METHODS, type WhyMethod } from '../../../core/explain/whySettings';
import { topK } from '../../../core/prediction';
import { openWhy, setWhy } from '../../../state/explainActions';
import { useStore, type AppState } from '../../../state/store';
import { selectClassNames, selectPrediction } from '../../selectors';
import { CamLayerSelect, GradCamView } from './GradCamView';
import { FeatureVisView } from './FeatureVisView';
import { HeatView } from './HeatView';
import { MethodNote } from './MethodNote';
import { OcclusionView } from './OcclusionView';

const METHOD_LABEL: Record<WhyMethod, string> = {
  saliency: 'Saliency',
  gradCam: 'Grad-CAM',
  occlusion: 'Occlusion',
  featureVis: 'Feature vis.',
};
const KIND_LABEL: Record<SaliencyKind, string> = {
  vanilla: 'gradient',
  smoothGrad: 'SmoothGrad',
  gradTimesInput: 'gradient × input',
};

const selectExplain = (s: AppState) => s.explain;
const selectInput = (s: AppState) => s.compute.input;
const selectInputSpec = (s: AppState) => s.network.input;

function Status() {
  const { status, message, result: last, settings } = useStore(selectExplain);
  const result = last && last.method === settings.method ? last : null;
  const where = (e: 'cpu' | 'gpu') => (e === 'gpu' ? 'the GPU' : 'the CPU');
  // A finished answer of another method does not count: this one has not run yet.
  const shown = status === 'done' && !result ? 'idle' : status;
  let text = '';
  if (shown === 'running') text = 'Computing…';
  else if (shown === 'error') text = `Could not explain: ${message}`;
  else if (shown === 'idle' && message) text = `Nothing to explain yet: ${message}.`;
  else if (shown === 'idle' && settings.method === 'featureVis')
    text = 'Press Run: the image starts as grey noise and forms step by step.';
  else if (result)
    text = result.cached
      ? `From the cache (it took ${Math.round(result.ms)} ms on ${where(result.engine)}).`
      : `Computed in ${Math.round(result.ms)} ms on ${where(result.engine)}.`;
  return (
    <p
      className={status === 'error' ? 'why-status why-message small' : 'why-status muted small'}
      data-testid="why-status"
      data-status={shown}
      data-ms={result ? Math.round(result.ms) : ''}
      data-engine={result?.engine ?? ''}
      aria-live="polite"
    >
      {text}
    </p>
  );
}

/** "Why did it say 9?": saliency, Grad-CAM, occlusion and feature visualization of the input. */
export function WhyPanel() {
  const e = useStore(selectExplain);
  // It opens at the top of the explanation column, maybe above the "Why?" button that asked for
  // it: brought into view once, when it opens.
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.scrollIntoView({ block: 'nearest' }), []);
  const prediction = useStore(selectPrediction);
  const names = useStore(selectClassNames);
  const input = useStore(selectInput);
  const { c, h, w } = useStore(selectInputSpec);
  const image = useMemo(
    () =>
      input && input.shape[1] === c && input.shape[2] === h && input.shape[3] === w
        ? input.data.slice(0, c * h * w)
        : null,
    [input, c, h, w],
  );
  if (!e.open) return null;
  const s = e.settings;
  const k = prediction?.scores.length ?? 0;
  const name = (i: number) => (names && names.length === k ? names[i] : `class ${i}`);
  const top = prediction ? topK(prediction.scores, Math.min(5, k), prediction.probabilities) : [];
  const cls = prediction ? (s.cls !== null && s.cls < k ? s.cls : argmax(prediction.scores)) : null;
  const className = cls === null ? 'the class' : name(cls);
  const r = e.result && e.result.method === s.method ? e.result : null;
  return (
    <section className="panel why" aria-label="Why?" data-testid="why-panel" ref={panel}>
      <div className="panel-head">
        <h2>Why {cls === null ? '?' : `“${className}”?`}</h2>
        <button type="button" onClick={() => openWhy(false)} aria-label="Close the Why panel">
          ✕
        </button>
      </div>
      <div className="why-methods" role="group" aria-label="Method">
        {WHY_METHODS.map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={s.method === m}
            data-testid={`why-method-${m}`}
            onClick={() => setWhy({ method: m })}
          >
            {METHOD_LABEL[m]}
          </button>
        ))}
      </div>
      {top.length > 0 && (
        <div className="why-classes" role="group" aria-label="The class explained">
          <span className="muted small">explain</span>
          {top.map((t, rank) => (
            <button
              key={t.index}
              type="button"
              data-testid="why-class"
              data-class={t.index}
              aria-pressed={t.index === cls}
              onClick={() => setWhy({ cls: rank === 0 ? null : t.index })}
            >
              {name(t.index)} <span className="muted">{Math.round(t.probability * 100)}%</span>
            </button>
          ))}
        </div>
      )}
      {s.method === 'saliency' && (
        <div className="why-controls">
          <label>
            kind
            <select
              value={s.saliencyKind}
              data-testid="why-saliency-kind"
              onChange={(ev) => setWhy({ saliencyKind: ev.target.value as SaliencyKind })}
            >
              {(Object.keys(KIND_LABEL) as SaliencyKind[]).map((kind) => (
                <option key={kind} value={kind}>
                  {KIND_LABEL[kind]}
                </option>
              ))}
            </select>
          </label>
          {s.saliencyKind === 'smoothGrad' && (
            <label>
              noisy copies
              <input
                type="number"
                min={WHY_BOUNDS.samples[0]}
                max={WHY_BOUNDS.samples[1]}
                value={s.samples}
                data-testid="why-samples"
                onChange={(ev) => setWhy({ samples: Number(ev.target.value) })}
              />
            </label>
          )}
        </div>
      )}
      {s.method === 'gradCam' && <CamLayerSelect />}
      <Status />
      <div className="why-result" data-testid="why-result" data-method={r?.method ?? ''}>
        {image && r && s.method === 'saliency' && (
          <HeatView
            image={image}
            c={c}
            h={h}
            w={w}
            heat={(r.value as SaliencyResult).map}
            label={`${KIND_LABEL[s.saliencyKind]} saliency of ${className}`}
          />
        )}
        {image && r && s.method === 'gradCam' && (
          <GradCamView
            result={r.value as GradCamResult}
            image={image}
            c={c}
            className={className}
          />
        )}
        {image && s.method === 'occlusion' && (
          <OcclusionView
            result={r ? (r.value as OcclusionResult) : null}
            image={image}
            c={c}
            className={className}
          />
        )}
        {s.method === 'featureVis' && (
          <FeatureVisView
            frame={r ? (r.value as FeatureVisFrame | null) : null}
            className={className}
          />
        )}
      </div>
      <MethodNote method={s.method} kind={s.saliencyKind} />
    </section>
  );
}
