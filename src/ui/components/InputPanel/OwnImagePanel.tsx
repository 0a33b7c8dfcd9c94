import { useState } from 'react';
import './OwnImage.css';
import { discardOwnImage } from '../../../state/ownImageActions';
import { useStore } from '../../../state/store';
import { selectOwn } from '../../selectors';
import { CameraPane } from './CameraPane';
import { DrawPane } from './DrawPane';
import { openPictureFile } from './imageSources';
import { PreprocessControls } from './PreprocessControls';
import { StageStrip } from './StageStrip';

type Pane = 'photo' | 'camera' | 'draw';
const PANES: readonly [Pane, string][] = [
  ['photo', 'Photo'],
  ['camera', 'Camera'],
  ['draw', 'Draw'],
];

function PhotoPane() {
  const own = useStore(selectOwn);
  return (
    <div className="own-pane" data-testid="own-photo">
      <div className="own-row">
        <label className="own-file">
          Choose a picture…
          <input
            type="file"
            accept="image/*"
            data-testid="own-file"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void openPictureFile(file, 'file');
              e.target.value = '';
            }}
          />
        </label>
        {own && (
          <button type="button" data-testid="own-discard" onClick={discardOwnImage}>
            Forget the image
          </button>
        )}
      </div>
      <p className="muted small">or drop one on this panel, or paste one (Ctrl+V / ⌘V).</p>
    </div>
  );
}

/** Your own picture as the input: its source, the steps that make it the input, the settings. */
export function OwnImagePanel() {
  const own = useStore(selectOwn);
  const [pane, setPane] = useState<Pane>(own?.source === 'drawing' ? 'draw' : 'photo');
  return (
    <div className="own-image" data-testid="own-image">
      <div className="segmented" role="radiogroup" aria-label="Picture source">
        {PANES.map(([p, label]) => (
          <button
            key={p}
            type="button"
            role="radio"
            aria-checked={pane === p}
            data-testid={`own-source-${p}`}
            onClick={() => setPane(p)}
          >
            {label}
          </button>
        ))}
      </div>
      {pane === 'photo' && <PhotoPane />}
      {pane === 'camera' && <CameraPane />}
      {pane === 'draw' && <DrawPane />}
      <p className="own-privacy" data-testid="own-privacy">
        Your image stays on this device: nothing is uploaded, and links leave it out.
      </p>
      {own ? (
        <p className="muted small" data-testid="own-name">
          Showing: {own.name}, {own.width} wide × {own.height} tall
        </p>
      ) : (
        <p className="muted small">Until you choose one, the network sees the sample image.</p>
      )}
      <StageStrip />
      <PreprocessControls />
    </div>
  );
}
