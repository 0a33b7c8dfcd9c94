import type { ColorScale } from '../../viz/colormap';
import { pinUnit, previewUnit, zoomChannel } from '../../../state/viewActions';
import { askWhatDetects } from '../../../state/explainWatch';
import { useStore } from '../../../state/store';
import { fmtValue } from '../../viz/format';
import { selectUnit } from '../../selectors';
import { Heatmap } from '../Heatmap/Heatmap';
import { NumberGrid } from '../NumberGrid/NumberGrid';
import { useCellCursor, type Cell } from './useCellCursor';

interface Props {
  readonly data: Float32Array;
  readonly channel: number;
  readonly channels: number;
  readonly h: number;
  readonly w: number;
  readonly scale: ColorScale;
  readonly onHover: (cell: { c: number; y: number; x: number } | null) => void;
  /** The layer shown; null for the network input (no receptive field to show). */
  readonly layerId: string | null;
}

/**
 * One channel large; maps up to 20×20 print every number in its cell. A unit is pinned with a
 * click or a tap, or from the keyboard: the map is one tab stop, the arrows move a cursor over it
 * (previewing that unit's field) and Enter pins the unit under the cursor.
 */
export function ZoomedChannel(props: Props) {
  const { data, channel, channels, h, w, scale, onHover, layerId } = props;
  const pinned = useStore(selectUnit);
  const unit = (cell: Cell | null) => (cell && layerId ? { layerId, c: channel, ...cell } : null);
  const pick = layerId ? (cell: Cell) => pinUnit(unit(cell)) : undefined;
  const mine =
    pinned && pinned.layerId === layerId && pinned.c === channel && pinned.y < h && pinned.x < w
      ? { y: pinned.y, x: pinned.x }
      : null;
  const { cursor, onKeyDown, hide } = useCellCursor(h, w, mine, {
    move: (cell) => {
      onHover({ c: channel, ...cell });
      if (layerId) previewUnit(unit(cell));
    },
    pick: (cell) => {
      previewUnit(null);
      pick?.(cell);
    },
  });
  const label = `channel ${channel}`;
  const valueAt = (cell: Cell) => fmtValue(data[channel * h * w + cell.y * w + cell.x]);
  const said = cursor
    ? `row ${cursor.y}, column ${cursor.x}: ${valueAt(cursor)}${
        mine && mine.y === cursor.y && mine.x === cursor.x ? ', pinned' : ''
      }`
    : '';
  return (
    <div className="zoomed" data-testid="zoomed-channel" data-channel={channel}>
      <nav className="zoom-nav" aria-label="Channels">
        <button type="button" data-testid="zoom-back" onClick={() => back(channel)}>
          ← all channels
        </button>
        <button type="button" disabled={channel === 0} onClick={() => zoomChannel(channel - 1)}>
          ‹ channel {channel - 1 >= 0 ? channel - 1 : ''}
        </button>
        <strong>
          channel {channel} of {channels}
        </strong>
        <button
          type="button"
          disabled={channel === channels - 1}
          onClick={() => zoomChannel(channel + 1)}
        >
          channel {channel + 1 < channels ? channel + 1 : ''} ›
        </button>
        {layerId && (
          <button
            type="button"
            data-testid="what-detects"
            onClick={() => askWhatDetects(layerId, channel)}
            title="Feature visualization of this channel, and the dataset examples that excite it most"
          >
            What does this detect?
          </button>
        )}
      </nav>
      <div
        className="zoom-surface"
        tabIndex={0}
        role="group"
        aria-label={`${label}, ${h}×${w}`}
        aria-describedby="zoom-keys"
        data-testid="zoom-surface"
        onKeyDown={onKeyDown}
        onBlur={() => {
          hide();
          previewUnit(null);
        }}
      >
        {h * w <= 400 ? (
          <NumberGrid
            data={data}
            offset={channel * h * w}
            h={h}
            w={w}
            scale={scale}
            label={label}
            cursor={cursor}
            pinned={mine}
            onPickCell={pick}
            onHoverCell={
              layerId
                ? (cell, pointer) => pointer !== 'touch' && previewUnit(unit(cell))
                : undefined
            }
          />
        ) : (
          <div className="zoom-map">
            <Heatmap
              data={data}
              offset={channel * h * w}
              h={h}
              w={w}
              scale={scale}
              size={Math.min(440, Math.max(220, 8 * Math.max(h, w)))}
              label={label}
              onHover={(cell, pointer) => {
                onHover(cell && { c: channel, ...cell });
                if (layerId && pointer !== 'touch') previewUnit(unit(cell));
              }}
              onPickCell={pick}
            />
            {mine && <Marker cell={mine} h={h} w={w} kind="pinned" />}
            {cursor && <Marker cell={cursor} h={h} w={w} kind="cursor" />}
          </div>
        )}
      </div>
      <p id="zoom-keys" className="sr-only">
        Arrow keys move over the units, Enter pins the unit’s receptive field, Escape hides the
        cursor.
      </p>
      <p className="sr-only" aria-live="polite" data-testid="zoom-cursor">
        {said}
      </p>
    </div>
  );
}

/** Back to all channels, the focus on the one that was zoomed. */
function back(channel: number) {
  zoomChannel(null);
  requestAnimationFrame(() =>
    document
      .querySelector<HTMLElement>(`[data-testid=channel][data-channel="${channel}"] button`)
      ?.focus(),
  );
}

/** A square over one cell of the heatmap: the keyboard cursor, or the pinned unit. */
function Marker({ cell, h, w, kind }: { cell: Cell; h: number; w: number; kind: string }) {
  return (
    <span
      className={`cell-marker ${kind}`}
      aria-hidden="true"
      style={{
        left: `${(cell.x / w) * 100}%`,
        top: `${(cell.y / h) * 100}%`,
        width: `${100 / w}%`,
        height: `${100 / h}%`,
      }}
    />
  );
}
