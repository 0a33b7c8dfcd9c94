import type { LayerShape } from '../../../core/infer';
import { KIND_LABEL } from '../../../core/layers';
import { fmtShape } from '../../../core/shape';
import { selectLayer } from '../../../state/actions';
import { duplicateLayer, moveLayerBy, removeLayer } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { hasParams, toggleFrozen } from '../../../state/freezeActions';

interface Props {
  readonly ls: LayerShape;
  readonly index: number;
  readonly count: number;
  readonly selected: boolean;
  readonly inputsNote: string | null;
  readonly onDrop: (draggedId: string, index: number) => void;
}

/** The hidden sentence, in LayerStrip, that tells screen-reader users the card's keys. */
export const CARD_KEYS_ID = 'layer-card-keys';

/** One layer in the strip: select it, drag it, or move/duplicate/remove it from the keyboard. */
export function LayerCard({ ls, index, count, selected, inputsNote, onDrop }: Props) {
  const id = ls.id;
  const name = ls.layer.name ?? id;
  const warn = ls.status === 'ok' && ls.warnings.length > 0;
  const frozen = useStore((s) => s.frozen.includes(id));
  return (
    <li
      className={`card ${ls.status}${selected ? ' selected' : ''}${warn ? ' warn' : ''}`}
      data-card-id={id}
      data-testid="layer-card"
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData('text/x-layer', id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('text/x-layer')) e.preventDefault();
      }}
      onDrop={(e) => {
        const dragged = e.dataTransfer.getData('text/x-layer');
        if (dragged) {
          e.preventDefault();
          onDrop(dragged, index);
        }
      }}
    >
      <button
        type="button"
        className="card-main"
        aria-pressed={selected}
        aria-describedby={CARD_KEYS_ID}
        onClick={() => selectLayer(id)}
        onKeyDown={(e) => {
          if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
            e.preventDefault();
            moveLayerBy(id, e.key === 'ArrowLeft' ? -1 : 1);
            requestAnimationFrame(() =>
              document.querySelector<HTMLElement>(`[data-card-id="${id}"] .card-main`)?.focus(),
            );
          } else if (e.key === 'Delete') {
            e.preventDefault();
            removeLayer(id);
          }
        }}
      >
        {/* The spaces between the lines keep the words apart in the button's spoken name. */}
        <span className="card-name">{name}</span>{' '}
        <span className="card-kind">{KIND_LABEL[ls.layer.kind]}</span>{' '}
        <span className="card-shape" data-testid="card-shape">
          {ls.status === 'ok' ? fmtShape(ls.shape) : ls.status === 'error' ? '⚠ fix me' : '…'}
        </span>
        {ls.status === 'blocked' && (
          <span className="sr-only"> (waiting for an earlier layer)</span>
        )}
        {inputsNote && <span className="card-inputs"> {inputsNote}</span>}
      </button>
      {hasParams(ls.layer) && (
        <button
          type="button"
          className="card-lock"
          data-testid={`freeze-${id}`}
          aria-pressed={frozen}
          aria-label={`${frozen ? 'Unlock' : 'Lock'} ${name}'s weights for training`}
          title={
            frozen
              ? 'Frozen: training leaves these weights as they are (click to unlock)'
              : 'Click to freeze: training will leave these weights as they are'
          }
          onClick={() => toggleFrozen(id)}
        >
          <LockIcon locked={frozen} />
        </button>
      )}
      {selected && (
        <span className="card-actions">
          <button
            type="button"
            aria-label={`Move ${name} left`}
            disabled={index === 0}
            onClick={() => moveLayerBy(id, -1)}
          >
            ◀
          </button>
          <button
            type="button"
            aria-label={`Move ${name} right`}
            disabled={index === count - 1}
            onClick={() => moveLayerBy(id, 1)}
          >
            ▶
          </button>
          <button
            type="button"
            aria-label={`copy ${name} (duplicate it)`}
            title="Duplicate"
            onClick={() => duplicateLayer(id)}
          >
            copy
          </button>
          <button
            type="button"
            aria-label={`Remove ${name}`}
            title="Remove"
            data-testid="remove-layer"
            onClick={() => removeLayer(id)}
          >
            ✕
          </button>
        </span>
      )}
    </li>
  );
}

/** A padlock drawn, not an emoji: the same on every system, and in the theme's colour. */
function LockIcon({ locked }: { readonly locked: boolean }) {
  return (
    <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
      <rect x="3" y="7" width="10" height="8" rx="1.5" fill="currentColor" />
      <path
        d={locked ? 'M5.5 7V4.8a2.5 2.5 0 0 1 5 0V7' : 'M10.5 7V4.8a2.5 2.5 0 0 0-5 0'}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  );
}
