import { useMemo, useState } from 'react';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { colorScale, minMax } from '../../viz/colormap';
import { Heatmap } from '../Heatmap/Heatmap';

/** Filters drawn (the first output channels, their first input channel or three). */
const OUTS = 16;

/**
 * The first conv layer's filters as they were at each snapshot of the run: scrub the slider to
 * watch random noise become edge, stroke or colour detectors. One colour scale for the whole film,
 * so a filter growing stronger shows as it is.
 */
export function FilterFilmstrip() {
  const film = useStore((s) => s.training.film);
  const network = useStore((s) => s.network);
  const [pick, setPick] = useState<number | null>(null);
  const scale = useMemo(() => {
    if (!film) return null;
    let lo = 0;
    let hi = 0;
    for (const f of film.frames) {
      const [a, b] = minMax(f);
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    return colorScale(Math.min(lo, -1e-6), Math.max(hi, 1e-6));
  }, [film]);
  const ls = film ? analyze(network).inference.byId.get(film.layerId) : undefined;
  if (
    !film ||
    !scale ||
    film.frames.length === 0 ||
    ls?.status !== 'ok' ||
    ls.layer.kind !== 'conv2d'
  )
    return null;
  const frame = Math.min(pick ?? film.frames.length - 1, film.frames.length - 1);
  const weights = film.frames[frame];
  const [kh, kw] = ls.layer.kernel;
  const perIn = ls.inputShapes[0][1] / ls.layer.groups;
  const outs = Math.min(OUTS, ls.layer.outChannels);
  const ins = Math.min(3, perIn);
  return (
    <div className="filmstrip" data-testid="filmstrip">
      <label>
        {ls.layer.name ?? ls.id}'s filters at step <output>{film.steps[frame]}</output>
        <input
          type="range"
          min={0}
          max={film.frames.length - 1}
          value={frame}
          aria-label="Snapshot of the run"
          data-testid="filmstrip-slider"
          onChange={(e) => setPick(Number(e.target.value))}
        />
      </label>
      <div className="filmstrip-filters">
        {Array.from({ length: outs }, (_, o) =>
          Array.from({ length: ins }, (_, i) => (
            <Heatmap
              key={`${o}-${i}`}
              data={weights}
              offset={(o * perIn + i) * kh * kw}
              h={kh}
              w={kw}
              scale={scale}
              size={36}
              label={`filter ${o}, input channel ${i}, step ${film.steps[frame]}`}
            />
          )),
        )}
      </div>
    </div>
  );
}
