import { applyUpdate } from '../../../io/offline';
import { dismissNotice } from '../../../state/actions';
import { useStore } from '../../../state/store';
import { selectBackend, selectNotices } from '../../selectors';

/** Non-blocking messages: broken links, fallbacks, failed images. */
export function Notices() {
  const notices = useStore(selectNotices);
  const backend = useStore(selectBackend);
  const update = useStore((s) => s.ui.offline === 'update');
  if (notices.length === 0 && !backend.notice && !update) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {backend.notice && (
        <p className="notice" data-testid="backend-notice">
          {backend.notice}
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
