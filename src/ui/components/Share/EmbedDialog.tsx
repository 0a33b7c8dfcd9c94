import { useState } from 'react';
import {
  EMBED_CONTROLS,
  EMBED_VIEWS,
  isOrigin,
  type EmbedControl,
  type EmbedView,
} from '../../../core/share/viewParams';
import { copyText } from '../../../io/clipboard';
import { useStore } from '../../../state/store';
import { embedQuery } from '../../../state/urlState';
import { selectInputChannels, selectInspector } from '../../selectors';
import { embedSize } from '../../../core/share/embedSize';
import { appUrl } from '../../../io/appUrl';

export const VIEW_LABEL: Record<EmbedView, string> = {
  maps: 'Feature maps',
  steps: 'Watch it compute (animation)',
  field: 'Receptive field',
  arithmetic: 'Output-size arithmetic',
  overview: 'Network overview',
  filters: 'Filters',
  summary: 'Summary table',
};

const CONTROL_LABEL: Record<EmbedControl, string> = {
  play: 'Play/pause',
  step: 'Step buttons',
  scrub: 'Position slider',
  speed: 'Speed',
};

/** The <iframe> snippet for this screen: which view, which controls, which hosts may drive it. */
export function EmbedDialog({
  onClose,
  onStatus,
}: {
  readonly onClose: () => void;
  readonly onStatus: (s: string) => void;
}) {
  const inspector = useStore(selectInspector);
  const inChannels = useStore(selectInputChannels);
  const [show, setShow] = useState<EmbedView>(inspector);
  const [controls, setControls] = useState<readonly EmbedControl[]>(EMBED_CONTROLS);
  const [origins, setOrigins] = useState('');
  const typed = origins.split(/[\s,]+/).filter((o) => o !== '');
  const originList = typed.filter(isOrigin);
  const bad = typed.filter((o) => !isOrigin(o));
  const all = controls.length === EMBED_CONTROLS.length;
  const url = appUrl(
    embedQuery({
      show,
      ...(show === 'steps' && !all ? { controls } : {}),
      ...(originList.length ? { origins: originList } : {}),
    }),
  );
  const size = embedSize(show, inChannels);
  const snippet = `<iframe src="${url.replace(/&/g, '&amp;')}" width="${size.width}" height="${size.height}" style="border:0;max-width:100%" title="CNN visualizer: ${VIEW_LABEL[show]}" loading="lazy" allow="fullscreen; clipboard-write"></iframe>`;
  // Optional: the embed posts its content height; this fits the iframe to it.
  const fit = `<script>addEventListener('message', (e) => { if (e.data?.channel !== 'cnn-visualizer' || e.data.type !== 'resize') return; for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source) f.style.height = e.data.height + 'px'; });</script>`;
  const flip = (c: EmbedControl) =>
    setControls(controls.includes(c) ? controls.filter((x) => x !== c) : [...controls, c]);

  return (
    <div
      className="share-pop"
      role="dialog"
      aria-label="Embed this view"
      data-testid="embed-dialog"
    >
      <label>
        View
        <select
          value={show}
          onChange={(e) => setShow(e.target.value as EmbedView)}
          data-testid="embed-view"
        >
          {EMBED_VIEWS.map((v) => (
            <option key={v} value={v}>
              {VIEW_LABEL[v]}
            </option>
          ))}
        </select>
      </label>
      {show === 'steps' && (
        <fieldset>
          <legend>Controls shown</legend>
          {EMBED_CONTROLS.map((c) => (
            <label key={c} className="check">
              <input type="checkbox" checked={controls.includes(c)} onChange={() => flip(c)} />
              {CONTROL_LABEL[c]}
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Host pages allowed to drive it (optional, e.g. https://course.example.org)
        <input
          type="text"
          value={origins}
          onChange={(e) => setOrigins(e.target.value)}
          data-testid="embed-origins"
          placeholder="any page"
        />
      </label>
      {bad.length > 0 && (
        <p className="field-hint" role="alert">
          Not an origin: {bad.join(', ')}. Write scheme and host only, like https://example.org.
        </p>
      )}
      <textarea
        readOnly
        value={snippet}
        rows={4}
        data-testid="embed-code"
        aria-label="Embed code"
      />
      <p className="muted small">
        {size.width}×{size.height} shows the whole view for this network. To fit the height exactly,
        add this once to the page (the embed says its height):
      </p>
      <textarea
        readOnly
        value={fit}
        rows={3}
        data-testid="embed-fit-code"
        aria-label="Code that fits the iframe's height"
      />
      <div className="share-actions">
        <button
          type="button"
          data-testid="embed-copy"
          onClick={async () => {
            const ok = await copyText(snippet);
            onStatus(ok ? 'Embed code copied.' : 'Select the code above and copy it.');
          }}
        >
          Copy embed code
        </button>
        <a href={url} target="_blank" rel="noopener noreferrer">
          Preview ↗
        </a>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
