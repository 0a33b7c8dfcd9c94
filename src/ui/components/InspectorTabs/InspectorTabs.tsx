import { useStore } from '../../../state/store';
import { setInspector } from '../../../state/viewActions';
import { selectInspector } from '../../selectors';

const TABS = [
  ['maps', 'Feature maps'],
  ['steps', 'Watch it compute'],
] as const;

/** Switches the middle panel between all feature maps and the step-by-step view. */
export function InspectorTabs() {
  const inspector = useStore(selectInspector);
  return (
    <div className="inspector-tabs" role="tablist" aria-label="Inspector">
      {TABS.map(([id, label]) => (
        <button
          key={id}
          type="button"
          role="tab"
          aria-selected={inspector === id}
          data-testid={`tab-${id}`}
          onClick={() => setInspector(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
