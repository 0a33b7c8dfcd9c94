import { useEffect, useRef } from 'react';
import { toggleShortcuts } from '../../../state/viewActions';
import { SHORTCUTS } from '../../shortcuts';

/** The "?" overlay: every shortcut, from the same table the key handler uses. */
export function ShortcutsOverlay() {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    close.current?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div className="overlay-backdrop" onClick={() => toggleShortcuts(false)}>
      <div
        className="overlay"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        data-testid="shortcuts-overlay"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="overlay-head">
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <button
            type="button"
            ref={close}
            onClick={() => toggleShortcuts(false)}
            aria-label="Close the shortcut list"
          >
            ✕
          </button>
        </div>
        <table className="shortcut-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  {s.keys.split('  ').map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
