import { useState } from 'react';
import type { Dataset } from '../../../core/data/dataset';
import { HOLD_OUT } from '../../../core/data/captured';
import {
  addCapturedClass,
  captureInput,
  removeCapturedClass,
  removeCapturedPicture,
  renameCapturedClass,
} from '../../../state/capturedActions';
import { useStore } from '../../../state/store';
import { ExampleThumb } from '../DatasetBrowser/ExampleThumb';

/** Thumbnails shown per class (the count says how many there are). */
const SHOW = 12;

/** One picture as a one-example dataset, for the thumbnail drawer. */
const single = (shape: readonly [number, number, number], picture: Float32Array): Dataset => ({
  name: 'picture',
  shape: [shape[0], shape[1], shape[2]],
  classes: ['picture'],
  size: 1,
  example(_, out, offset) {
    out.set(picture, offset);
    return 0;
  },
});

/**
 * Your own classes, Teachable-Machine style: name each class, show a picture as the input (the
 * webcam's Capture, the drawing pad, a photo, a dataset example) and add it to a class — the
 * network's input exactly as computed. They stay on this device.
 */
export function CapturedClasses({ disabled }: { readonly disabled: boolean }) {
  const captured = useStore((s) => s.captured);
  const [error, setError] = useState<string | null>(null);
  const report = (why: string | null) => setError(why ? `Not done: ${why}.` : null);
  const total = captured.images.reduce((a, l) => a + l.length, 0);
  return (
    <div className="captured" data-testid="captured">
      <p className="small muted">
        Show a picture as the input (Input → Yours: camera, drawing or photo), then add it to a
        class. A few dozen per class is plenty; every {HOLD_OUT}th picture of a class is held out to
        test on. Your pictures stay on this device
        {captured.shape ? ` (${total}, prepared as ${captured.shape.join('×')})` : ''}.
      </p>
      <ul className="captured-classes">
        {captured.names.map((name, k) => (
          <li key={k} data-testid={`captured-class-${k}`}>
            <div className="captured-head">
              <input
                aria-label={`Name of class ${k + 1}`}
                defaultValue={name}
                key={name}
                maxLength={80}
                disabled={disabled}
                onBlur={(e) => {
                  const why = renameCapturedClass(k, e.target.value);
                  if (why) e.target.value = name;
                  report(why);
                }}
              />
              <span className="small muted" data-testid={`captured-count-${k}`}>
                {captured.images[k].length} picture{captured.images[k].length === 1 ? '' : 's'}
              </span>
              <button
                type="button"
                data-testid={`captured-add-${k}`}
                disabled={disabled}
                onClick={() => report(captureInput(k))}
              >
                + Add the input
              </button>
              <button
                type="button"
                aria-label={`Remove class ${name}`}
                title="Remove this class and its pictures"
                disabled={disabled}
                onClick={() => removeCapturedClass(k)}
              >
                ✕
              </button>
            </div>
            {captured.shape && captured.images[k].length > 0 && (
              <div className="captured-pictures">
                {captured.images[k].slice(-SHOW).map((p, i) => {
                  const j = Math.max(0, captured.images[k].length - SHOW) + i;
                  return (
                    <button
                      key={j}
                      type="button"
                      className="example"
                      aria-label={`Remove picture ${j + 1} of ${name}`}
                      title="Remove this picture"
                      disabled={disabled}
                      onClick={() => removeCapturedPicture(k, j)}
                    >
                      <ExampleThumb data={single(captured.shape!, p)} index={0} />
                    </button>
                  );
                })}
              </div>
            )}
          </li>
        ))}
      </ul>
      <button type="button" disabled={disabled} onClick={() => report(addCapturedClass())}>
        + Class
      </button>
      {error && (
        <p className="small train-message" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
