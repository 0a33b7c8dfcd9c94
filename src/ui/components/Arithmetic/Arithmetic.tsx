import { useDeferredValue } from 'react';
import type { LayerCost } from '../../../core/cost';
import type { OkShape } from '../../../core/infer';
import type { AxisInfo } from '../../../core/shape';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import {
  FIT_CONDITION_TEX,
  axisTex,
  countTex,
  fitSentence,
  remainderTex,
  sameTex,
  shapeChangeTex,
  texShape,
  type AxisKey,
} from '../../viz/arithmeticTex';
import { withMinus } from '../../viz/format';
import { sameNote } from '../../viz/sameText';
import { selectNetwork, selectSelectedLayer } from '../../selectors';
import { CoverageStrip } from './CoverageStrip';
import { Tex } from './Tex';
import './Arithmetic.css';

const AXES: readonly { key: AxisKey; name: 'height' | 'width' }[] = [
  { key: 'h', name: 'height' },
  { key: 'w', name: 'width' },
];

/** The selected layer's arithmetic, typeset: output size per axis, fit, parameters and MACs. */
export function Arithmetic() {
  // Deferred: the formulas follow an edit in a render that yields to the feature maps.
  const network = useDeferredValue(useStore(selectNetwork));
  const selected = useDeferredValue(useStore(selectSelectedLayer));
  const { inference, cost } = analyze(network);
  const ls = selected ? inference.byId.get(selected) : undefined;
  return (
    <section className="arithmetic" data-testid="arithmetic" aria-labelledby="arithmetic-title">
      <h2 id="arithmetic-title">Arithmetic</h2>
      {!ls ? (
        <p className="muted">Select a layer to see its arithmetic.</p>
      ) : ls.status === 'blocked' ? (
        <p className="blocked">{ls.message}</p>
      ) : ls.status === 'error' ? (
        <div className="arith-error" data-testid="arithmetic-error">
          <p>
            <strong>This layer cannot be computed:</strong>{' '}
            {ls.errors.map((e) => e.message).join('; ')}.
          </p>
          {ls.errors.some((e) => e.code === 'kernel-too-large') && (
            <p>
              A window must fit inside the padded input: <Tex expr={FIT_CONDITION_TEX} />
            </p>
          )}
        </div>
      ) : (
        <OkArithmetic ls={ls} cost={cost.layers.get(ls.id)} />
      )}
    </section>
  );
}

function OkArithmetic({ ls, cost }: { ls: OkShape; cost: LayerCost | undefined }) {
  const { window, layer } = ls;
  const ceilMode = (layer.kind === 'maxPool2d' || layer.kind === 'avgPool2d') && layer.ceilMode;
  const change = shapeChangeTex(ls);
  const counts = cost ? countTex(ls, cost) : [];
  const shapes = `${ls.inputShapes.map(texShape).join(',\\ ')} \\to ${texShape(ls.shape)}`;
  return (
    <>
      <div className="arith-shape">
        <Tex expr={shapes} />
      </div>
      {window && layer.kind === 'conv2d' && layer.padding === 'same' && (
        <SameSection h={window.h} w={window.w} />
      )}
      {window && (
        <div className="arith-axes">
          {AXES.map(({ key, name }) => (
            <AxisBlock key={key} axis={key} name={name} a={window[key]} ceilMode={ceilMode} />
          ))}
        </div>
      )}
      {window && <FitSection ls={ls} />}
      {change && (
        <div className="arith-line" data-testid="shape-change">
          <span className="arith-label">{change.label}</span>
          <Tex expr={change.tex} />
        </div>
      )}
      {counts.length > 0 && (
        <div className="arith-counts" data-testid="arith-counts">
          {counts.map((c) => (
            <div key={c.label} className="arith-line">
              <span className="arith-label">{c.label}</span>
              <Tex expr={c.tex} />
            </div>
          ))}
        </div>
      )}
      {window && counts.length === 0 && (
        <p className="muted">Pooling has no parameters and no multiplications.</p>
      )}
    </>
  );
}

interface AxisBlockProps {
  readonly axis: AxisKey;
  readonly name: string;
  readonly a: AxisInfo;
  readonly ceilMode: boolean;
}

function AxisBlock({ axis, name, a, ceilMode }: AxisBlockProps) {
  const t = axisTex(a, axis, ceilMode);
  return (
    <div className="axis-formula" data-testid="axis-formula" data-axis={axis} data-out={a.out}>
      <h3>
        {name}: <span className="axis-out">{a.out}</span>
      </h3>
      <Tex expr={t.block} display />
      <p className="arith-where">
        <Tex expr={t.where[0]} />
        <br />
        <Tex expr={t.where[1]} />
      </p>
      {t.note && <p className="arith-note">{withMinus(t.note)}</p>}
    </div>
  );
}

/**
 * How 'same' chose the padding the formulas below use: TensorFlow's rule, one block per axis (one
 * for both when they agree), and what PyTorch does instead with stride > 1.
 */
function SameSection({ h, w }: { h: AxisInfo; w: AxisInfo }) {
  const alike = h.size === w.size && h.kernel === w.kernel && h.stride === w.stride;
  const axes = alike
    ? [{ key: 'h', name: 'height and width', a: h }]
    : AXES.map(({ key, name }) => ({ key, name, a: key === 'h' ? h : w }));
  return (
    <div className="arith-same" data-testid="arith-same">
      <h3>
        {h.stride > 1 || w.stride > 1
          ? '‘same’ padding, TensorFlow style: the output is ⌈I/S⌉'
          : '‘same’ padding: the output keeps the input size'}
      </h3>
      {axes.map(({ key, name, a }) => (
        <div key={key} className="arith-line">
          <span className="arith-label">{name}</span>
          {sameTex(a).map((t) => (
            <Tex key={t} expr={t} />
          ))}
        </div>
      ))}
      <p className="arith-note">{sameNote(h, w)}</p>
    </div>
  );
}

/** "Doesn't fit": the remainder in numbers and a picture of each affected axis. */
function FitSection({ ls }: { ls: OkShape }) {
  const window = ls.window!;
  const affected = AXES.filter(
    ({ key }) => window[key].remainder > 0 || window[key].uncovered.length > 0,
  );
  if (affected.length === 0) return null;
  const warned = ls.warnings.length > 0;
  return (
    <div className={`arith-fit${warned ? ' warned' : ''}`} data-testid="arith-fit">
      <h3>{warned ? 'Doesn’t fit' : 'Remainder'}</h3>
      {affected.map(({ key, name }) => {
        const a = window[key];
        const warnings = ls.warnings.filter((w) => w.axis === name);
        return (
          <div key={key} className="fit-axis">
            <div className="arith-line">
              <span className="arith-label">{name}</span>
              {a.remainder > 0 && <Tex expr={remainderTex(a)} />}
            </div>
            {warnings.map((w) => (
              <p key={w.kind} className="fit-sentence">
                {fitSentence(w, a)}.
              </p>
            ))}
            {warnings.length === 0 && a.remainder > 0 && (
              <p className="fit-sentence">
                {a.ceil
                  ? 'ceil mode adds a last window that hangs off the end (dashed cells)'
                  : 'the cells left over are padding'}
                : every input {key === 'h' ? 'row' : 'column'} is still covered.
              </p>
            )}
            <CoverageStrip axis={key} info={a} />
          </div>
        );
      })}
      <p className="strip-legend" aria-hidden="true">
        <span className="swatch pad" /> padding <span className="swatch covered" /> covered{' '}
        <span className="swatch uncovered" /> never covered <span className="bracket">⊓</span> one
        window = one output
      </p>
    </div>
  );
}
