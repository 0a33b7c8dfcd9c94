import { useState } from 'react';
import type { ColorScale } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { zoomChannel } from '../../../state/viewActions';
import { Heatmap } from '../Heatmap/Heatmap';
import { NumberGrid } from '../NumberGrid/NumberGrid';

const PAGE = 64;

/** Zooms a channel and moves the focus onto the zoomed map (its arrow keys pin units). */
function zoom(ch: number) {
  zoomChannel(ch);
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('[data-testid=zoom-surface]')?.focus(),
  );
}

interface Props {
  readonly data: Float32Array;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
  readonly scales: readonly ColorScale[];
  readonly perChannel: boolean;
  readonly onHover: (cell: { c: number; y: number; x: number } | null) => void;
}

/** Every channel of one sample as a heatmap (numbers for the tiny lecture maps), paged by 64. */
export function ChannelGrid({ data, channels, h, w, scales, perChannel, onHover }: Props) {
  const [page, setPage] = useState(0);
  const pages = Math.ceil(channels / PAGE);
  const p = Math.min(page, pages - 1);
  const small = h * w <= 100 && channels <= 16;
  // Few channels are drawn large; many are tiles small enough to see a page at a glance.
  const cap = channels <= 8 ? 168 : channels <= 32 ? 120 : 88;
  const size = Math.max(56, Math.min(cap, 6 * Math.max(h, w)));
  return (
    <>
      <div className="grid">
        {Array.from({ length: Math.min(PAGE, channels - p * PAGE) }, (_, k) => {
          const ch = p * PAGE + k;
          const label = `channel ${ch}`;
          return (
            <figure key={ch} className="map" data-testid="channel" data-channel={ch}>
              {small ? (
                // A table cannot sit inside a button: the button lies over the numbers instead.
                <div className="map-frame">
                  <NumberGrid
                    data={data}
                    offset={ch * h * w}
                    h={h}
                    w={w}
                    scale={scales[ch]}
                    label={label}
                  />
                  <button
                    type="button"
                    className="map-hit"
                    aria-label={`Zoom ${label}`}
                    onClick={() => zoom(ch)}
                  />
                </div>
              ) : (
                <button
                  type="button"
                  className="map-button"
                  aria-label={`Zoom ${label}`}
                  onClick={() => zoom(ch)}
                >
                  <Heatmap
                    data={data}
                    offset={ch * h * w}
                    h={h}
                    w={w}
                    scale={scales[ch]}
                    size={size}
                    label={label}
                    onHover={(cell) => onHover(cell && { c: ch, ...cell })}
                  />
                </button>
              )}
              <figcaption>
                {ch}
                {perChannel && (
                  <span className="range">
                    {' '}
                    {fmtValue(scales[ch].min)}…{fmtValue(scales[ch].max)}
                  </span>
                )}
              </figcaption>
            </figure>
          );
        })}
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Channel pages">
          <button type="button" disabled={p === 0} onClick={() => setPage(p - 1)}>
            ‹ Previous
          </button>
          <span>
            channels {p * PAGE}–{Math.min(channels, (p + 1) * PAGE) - 1} of {channels}
          </span>
          <button type="button" disabled={p === pages - 1} onClick={() => setPage(p + 1)}>
            Next ›
          </button>
        </nav>
      )}
    </>
  );
}
