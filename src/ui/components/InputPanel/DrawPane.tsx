import { useEffect, useRef, useState } from 'react';
import { DrawingPad } from '../../../io/images/drawingPad';
import { setOwnImage } from '../../../state/ownImageActions';
import { useStore } from '../../../state/store';

/** Draw a digit: white on black; the input follows the pen (a frame at most, ~30 Hz). */
export function DrawPane() {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<DrawingPad | null>(null);
  const [brush, setBrush] = useState(20);
  const [strokes, setStrokes] = useState(0);
  useEffect(() => {
    if (!canvas.current) return;
    // A drawing made before (this pad was closed) stays under the new strokes.
    const own = useStore.getState().own;
    const p = new DrawingPad(
      canvas.current,
      (img) => {
        setOwnImage({ ...img, source: 'drawing', name: 'drawing' });
        setStrokes(p.strokeCount);
      },
      own?.source === 'drawing' ? own : null,
    );
    pad.current = p;
    return () => p.destroy();
  }, []);
  return (
    <div className="own-pane own-draw" data-testid="own-draw">
      <canvas
        ref={canvas}
        className="draw-pad"
        data-testid="draw-pad"
        role="img"
        aria-label="Drawing pad: draw a digit with a mouse, a finger or a pen, white on black"
      />
      <div className="own-row">
        <label className="field inline">
          brush
          <input
            type="range"
            min={4}
            max={48}
            value={brush}
            data-testid="draw-brush"
            onChange={(e) => {
              const v = Number(e.target.value);
              setBrush(v);
              pad.current?.setBrush(v);
            }}
          />
        </label>
        <button
          type="button"
          data-testid="draw-undo"
          disabled={strokes === 0}
          onClick={() => pad.current?.undoStroke()}
        >
          Undo stroke
        </button>
        <button type="button" data-testid="draw-clear" onClick={() => pad.current?.clear()}>
          Clear
        </button>
      </div>
      <p className="muted small">
        Drawing needs a pointer; with a keyboard, choose Photo and upload a picture instead.
      </p>
    </div>
  );
}
