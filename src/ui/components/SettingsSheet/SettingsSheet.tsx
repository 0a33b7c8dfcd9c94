import { useState, type ReactNode } from 'react';
import { useStore } from '../../../state/store';
import { selectSelectedLayer } from '../../selectors';
import './SettingsSheet.css';

/**
 * The selected layer's settings. On a laptop, the top of the left column; on a phone, a sheet
 * over the bottom of the screen, so an edit and the maps it changes are seen together: a handle
 * opens and closes it, and the page scrolls behind it.
 */
export function SettingsSheet({ children }: { readonly children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const selected = useStore(selectSelectedLayer);
  return (
    <div className="settings-sheet" data-open={open} data-testid="settings-sheet">
      <button
        type="button"
        className="sheet-handle"
        aria-expanded={open}
        data-testid="sheet-toggle"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the settings ▾' : `Settings of ${selected ?? 'the layer'} ▴`}
      </button>
      <div className="sheet-body">{children}</div>
    </div>
  );
}
