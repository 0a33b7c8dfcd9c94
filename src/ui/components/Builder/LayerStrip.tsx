import { useEffect, useRef } from 'react';
import './Builder.css';
import { resolvedInputs } from '../../../core/graph';
import { INPUT_ID } from '../../../core/layers';
import { selectLayer } from '../../../state/actions';
import { analyze } from '../../../state/derived';
import { moveLayer } from '../../../state/networkActions';
import { useStore } from '../../../state/store';
import { selectNetwork, selectSelectedLayer } from '../../selectors';
import { CARD_KEYS_ID, LayerCard } from './LayerCard';
import { Palette } from './Palette';

/** The network as a strip of cards, input first, with the palette above it. */
export function LayerStrip() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const { inference } = analyze(network);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    listRef.current
      ?.querySelector(`[data-card-id="${selected}"]`)
      ?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selected]);
  const { c, h, w } = network.input;
  return (
    <section className="builder" aria-label="Network builder" data-testid="builder">
      <Palette />
      <p id={CARD_KEYS_ID} className="sr-only">
        Alt+Left and Alt+Right arrows move the layer, Delete removes it.
      </p>
      <ol className="strip" ref={listRef} aria-label="Layers, in order">
        <li
          className={`card input${selected === INPUT_ID ? ' selected' : ''}${inference.inputError ? ' error' : ''}`}
          data-card-id={INPUT_ID}
          data-testid="layer-card"
        >
          <button
            type="button"
            className="card-main"
            aria-pressed={selected === INPUT_ID}
            onClick={() => selectLayer(INPUT_ID)}
          >
            <span className="card-name">input</span> <span className="card-kind">Input</span>{' '}
            <span className="card-shape" data-testid="card-shape">
              {c}×{h}×{w}
            </span>
          </button>
        </li>
        {network.layers.map((layer, i) => {
          const ls = inference.byId.get(layer.id);
          if (!ls) return null;
          const inputs = resolvedInputs(network, i);
          const previous = i === 0 ? INPUT_ID : network.layers[i - 1].id;
          const note =
            inputs.length > 1 || inputs[0] !== previous ? `← ${inputs.join(' + ')}` : null;
          return (
            <LayerCard
              key={layer.id}
              ls={ls}
              index={i}
              count={network.layers.length}
              selected={selected === layer.id}
              inputsNote={note}
              onDrop={(dragged, to) => moveLayer(dragged, to)}
            />
          );
        })}
      </ol>
    </section>
  );
}
