import { useState } from 'react';
import { applyUpdate } from '../../../io/offline';
import { dismissNotice } from '../../../state/actions';
import { useStore } from '../../../state/store';
import { selectBackend, selectNotices } from '../../selectors';

/** Non-blocking messages: broken links, fallbacks, failed images. */
export function Notices() {
  const notices = useStore(selectNotices);
  const backend = useStore(selectBackend);
  const update = useStore((s) => s.ui.offline === 'update');
  // The adapter notice is a fact about this browser: read once, it can be put away.
  const [hidden, setHidden] = useState<string | null>(null);
  const backendNotice = backend.notice && backend.notice !== hidden ? backend.notice : null;
  if (notices.length === 0 && !backendNotice && !update) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {backendNotice && (
        <p className="notice info" data-testid="backend-notice">
          {backendNotice}
          <button
            type="button"
            aria-label="Dismiss"
            data-testid="backend-notice-dismiss"
            onClick={() => setHidden(backendNotice)}
          >
            ×
          </button>
        </p>
      )}
      {update && (
        <p className="notice" data-testid="app-update">
          A new version of the app is ready; what you built stays (it is in the link).
          <button type="button" onClick={applyUpdate}>
            Reload
          </button>
        </p>
      )}
      {notices.map((n, i) => (
        <p className="notice" key={n} data-testid="notice">
          {n}
          <button type="button" aria-label="Dismiss" onClick={() => dismissNotice(i)}>
            ×
          </button>
        </p>
      ))}
    </div>
  );
}
