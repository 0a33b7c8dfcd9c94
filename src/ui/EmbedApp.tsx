import type { ReactNode } from 'react';
import type { EmbedView } from '../core/share/viewParams';
import { useStore } from '../state/store';
import { shareQuery } from '../state/urlState';
import { Arithmetic } from './components/Arithmetic/Arithmetic';
import { ErrorBoundary } from './components/ErrorBoundary/ErrorBoundary';
import { FeatureMaps } from './components/FeatureMaps/FeatureMaps';
import { FieldPanel } from './components/FieldPanel/FieldPanel';
import { KernelView } from './components/KernelView/KernelView';
import { Notices } from './components/Notices/Notices';
import { Overview } from './components/Overview/Overview';
import { VIEW_LABEL } from './components/Share/EmbedDialog';
import { SlideView } from './lazyPanels';
import { SummaryTable } from './components/SummaryTable/SummaryTable';
import type { EmbedState } from '../state/store';
import { selectSelectedLayer } from './selectors';

function View({
  show,
  layer,
}: {
  readonly show: EmbedView;
  readonly layer: string | null;
}): ReactNode {
  switch (show) {
    case 'maps':
      return <FeatureMaps key={`maps:${layer}`} />;
    case 'steps':
      return <SlideView key={`steps:${layer}`} />;
    case 'field':
      // The field needs a unit to point at: the selected layer's maps, then its field.
      return (
        <>
          <FeatureMaps key={`maps:${layer}`} />
          <FieldPanel />
        </>
      );
    case 'arithmetic':
      return <Arithmetic />;
    case 'overview':
      return <Overview />;
    case 'filters':
      return <KernelView key={`filters:${layer}`} />;
    case 'summary':
      return <SummaryTable />;
  }
}

/** ?embed=1: one view filling the iframe, no header or builder, and a way out to the full app. */
export function EmbedApp({ embed }: { readonly embed: EmbedState }) {
  const layer = useStore(selectSelectedLayer);
  // The full app at the same state; the href is read when rendered (the layer may change).
  const s = useStore.getState();
  const full = `${window.location.pathname}?${shareQuery({ ...s, view: { ...s.view, embed: null } })}`;
  return (
    <div className="app embed" data-testid="embed-app" data-show={embed.show}>
      <main className="embed-main" aria-label={VIEW_LABEL[embed.show]}>
        <Notices />
        <ErrorBoundary what={VIEW_LABEL[embed.show]} key={`${embed.show}:${layer}`}>
          <View show={embed.show} layer={layer} />
        </ErrorBoundary>
      </main>
      <footer className="embed-foot">
        <a href={full} target="_blank" rel="noopener noreferrer" data-testid="embed-open-full">
          Open in the CNN Visualizer ↗
        </a>
      </footer>
    </div>
  );
}
