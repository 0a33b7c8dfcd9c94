import { PALETTE } from '../../../core/edit';
import { addLayer } from '../../../state/networkActions';

/** Buttons that add a layer after the selected one (or at the end). */
export function Palette() {
  return (
    <div className="palette" role="toolbar" aria-label="Add a layer after the selected one">
      <span className="palette-title">Add</span>
      {PALETTE.map((p) => (
        <button
          key={p.kind}
          type="button"
          data-testid={`palette-${p.kind}`}
          title={`${p.title}: ${p.what}`}
          onClick={() => {
            const id = addLayer(p.kind);
            // Keyboard users land on the new card, ready to tab into its settings.
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>(`[data-card-id="${id}"] .card-main`)?.focus(),
            );
          }}
        >
          + {p.title}
        </button>
      ))}
    </div>
  );
}
