import type { ColorScale } from '../../viz/colormap';
import { pinUnit, previewUnit, zoomChannel } from '../../../state/viewActions';
import { Heatmap } from '../Heatmap/Heatmap';
import { NumberGrid } from '../NumberGrid/NumberGrid';

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

/** One channel large; maps up to 20×20 print every number in its cell. */
export function ZoomedChannel(props: Props) {
  const { data, channel, channels, h, w, scale, onHover, layerId } = props;
  const unit = (cell: { y: number; x: number } | null) =>
    cell && layerId ? { layerId, c: channel, ...cell } : null;
  const pick = layerId ? (cell: { y: number; x: number }) => pinUnit(unit(cell)) : undefined;
  const label = `channel ${channel}`;
  return (
    <div className="zoomed" data-testid="zoomed-channel" data-channel={channel}>
      <nav className="zoom-nav">
        <button type="button" data-testid="zoom-back" onClick={() => zoomChannel(null)}>
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
      </nav>
      {h * w <= 400 ? (
        <NumberGrid
          data={data}
          offset={channel * h * w}
          h={h}
          w={w}
          scale={scale}
          label={label}
          onPickCell={pick}
          onHoverCell={layerId ? (cell) => previewUnit(unit(cell)) : undefined}
        />
      ) : (
        <Heatmap
          data={data}
          offset={channel * h * w}
          h={h}
          w={w}
          scale={scale}
          size={Math.min(440, Math.max(220, 8 * Math.max(h, w)))}
          label={label}
          onHover={(cell) => {
            onHover(cell && { c: channel, ...cell });
            if (layerId) previewUnit(unit(cell));
          }}
          onPickCell={pick}
        />
      )}
    </div>
  );
}
