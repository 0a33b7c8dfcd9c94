import { line, scaleLinear } from 'd3';
import { useMemo, useState } from 'react';
import { activate } from '../../../core/activate';
import type { ActivationLayer } from '../../../core/layers';
import type { Tensor } from '../../../core/tensor';
import { colorScale, minMax } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { Heatmap } from '../Heatmap/Heatmap';
import { planesOf } from './common';
import { ChannelPicker } from './ChannelPicker';
import { StepControls, stepKeys } from './StepControls';
import { useStepper } from './useStepper';

interface Props {
  readonly layer: ActivationLayer;
  readonly input: Tensor;
}

const W = 340;
const H = 220;
const M = 32;

/** An activation, one value at a time: the curve, the input value moving along it, both maps. */
export function ActivationSteps({ layer, input }: Props) {
  const x = useMemo(() => planesOf(input), [input]);
  const data = input.data;
  const [c, setC] = useState(0);
  const plane = x.h * x.w;
  const s = useStepper(plane);
  const v = x.data[c * plane + s.step];
  const out = activate(v, layer.fn, layer.alpha);
  const [lo, hi] = useMemo(() => {
    const [a, b] = minMax(x.data);
    const pad = Math.max(0.5, (b - a) * 0.1);
    return [Math.min(a, -1) - pad, Math.max(b, 1) + pad];
  }, [x]);
  const outData = useMemo(
    () =>
      Float32Array.from(data.subarray(c * plane, (c + 1) * plane), (u) =>
        activate(u, layer.fn, layer.alpha),
      ),
    [data, c, plane, layer],
  );
  const xs = scaleLinear()
    .domain([lo, hi])
    .range([M, W - 10]);
  const samples = Array.from({ length: 161 }, (_, i) => lo + ((hi - lo) * i) / 160);
  const ys = samples.map((u) => activate(u, layer.fn, layer.alpha));
  const [ylo, yhi] = minMax(ys);
  const y = scaleLinear()
    .domain([Math.min(ylo, 0), Math.max(yhi, 0.5)])
    .range([H - 24, 10]);
  const path = line<number>()
    .x((u) => xs(u))
    .y((_, i) => y(ys[i]))(samples);
  const inScale = useMemo(
    () => colorScale(...minMax(x.data, c * plane, (c + 1) * plane)),
    [x, c, plane],
  );
  const outScale = useMemo(() => colorScale(...minMax(outData)), [outData]);
  const name = layer.fn === 'leakyRelu' ? `leakyRelu (slope ${layer.alpha})` : layer.fn;
  return (
    <div
      className="slide-view"
      tabIndex={0}
      onKeyDown={stepKeys(s)}
      data-testid="activation-steps"
      aria-label="Activation, value by value"
    >
      <div className="slide-options">
        <ChannelPicker label="channel" value={c} count={x.c} onChange={setC} />
        <span className="muted small">
          Applied to every value on its own: no window, no weights, same shape out.
        </span>
      </div>
      <StepControls
        s={s}
        label={`value ${s.step + 1} of ${plane}: row ${Math.floor(s.step / x.w)}, column ${s.step % x.w}`}
      />
      <div className="slide-row">
        <svg width={W} height={H} className="curve" role="img" aria-label={`${name} curve`}>
          <line className="axis" x1={M} x2={W - 10} y1={y(0)} y2={y(0)} />
          <line className="axis" x1={xs(0)} x2={xs(0)} y1={10} y2={H - 24} />
          <path className="fn" d={path ?? ''} />
          <line className="guide" x1={xs(v)} x2={xs(v)} y1={y(0)} y2={y(out)} />
          <line className="guide" x1={xs(0)} x2={xs(v)} y1={y(out)} y2={y(out)} />
          <circle className="dot" cx={xs(v)} cy={y(out)} r={7} />
          <text x={W - 12} y={y(0) - 6} textAnchor="end" className="idx">
            input
          </text>
          {/* Axis numbers: a few round values on each axis (d3's ticks). */}
          <g className="ticks" data-testid="curve-ticks">
            {xs.ticks(5).map((t) => (
              <text key={`x${t}`} x={xs(t)} y={H - 8} textAnchor="middle" className="idx">
                {fmtValue(t)}
              </text>
            ))}
            {y.ticks(4).map((t) => (
              <text key={`y${t}`} x={M - 4} y={y(t) + 4} textAnchor="end" className="idx">
                {fmtValue(t)}
              </text>
            ))}
          </g>
        </svg>
        <figure className="slide-channel">
          <figcaption>input channel {c}</figcaption>
          <Heatmap
            data={data}
            offset={c * plane}
            h={x.h}
            w={x.w}
            scale={inScale}
            size={150}
            label="input"
          />
        </figure>
        <figure className="slide-channel">
          <figcaption>output channel {c}</figcaption>
          <Heatmap
            data={outData}
            offset={0}
            h={x.h}
            w={x.w}
            scale={outScale}
            size={150}
            label="output"
          />
        </figure>
      </div>
      <div className="equation" data-testid="equation" data-output={out}>
        <p>
          {name}({fmtValue(v)}) ={' '}
          <strong className="result" data-testid="eq-output">
            {fmtValue(out)}
          </strong>
        </p>
      </div>
    </div>
  );
}
