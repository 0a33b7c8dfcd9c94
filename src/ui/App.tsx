import { useEffect } from 'react';
import { useStore } from '../state/store';
import { toggleSummary } from '../state/viewActions';
import { EmbedApp } from './EmbedApp';
import { ErrorBoundary } from './components/ErrorBoundary/ErrorBoundary';
import { ShortcutsOverlay } from './components/Shortcuts/ShortcutsOverlay';
import { onShortcutKey } from './shortcuts';
import { ComputeStatus } from './components/ComputeStatus/ComputeStatus';
import { LectureBar } from './components/Lecture/LectureBar';
import { Arithmetic } from './components/Arithmetic/Arithmetic';
import { LayerStrip } from './components/Builder/LayerStrip';
import { DebugOverlay } from './components/DebugOverlay/DebugOverlay';
import { FeatureMaps } from './components/FeatureMaps/FeatureMaps';
import { FieldPanel } from './components/FieldPanel/FieldPanel';
import { Header } from './components/Header/Header';
import { InspectorTabs } from './components/InspectorTabs/InspectorTabs';
import { InputPanel } from './components/InputPanel/InputPanel';
import { KernelView } from './components/KernelView/KernelView';
import { LayerEditor } from './components/LayerEditor/LayerEditor';
import { Notices } from './components/Notices/Notices';
import { Overview } from './components/Overview/Overview';
import { PredictionPanel } from './components/Prediction/PredictionPanel';
import { SettingsSheet } from './components/SettingsSheet/SettingsSheet';
import { SummaryTable } from './components/SummaryTable/SummaryTable';
import { LessonPanel, SlideView, TrainPanel, WhyPanel } from './lazyPanels';
import {
  selectEmbed,
  selectInspector,
  selectLecture,
  selectShortcuts,
  selectTheme,
  selectSelectedLayer,
  selectSummaryOpen,
  selectTrainOpen,
  selectWhyOpen,
  selectLessonsOpen,
} from './selectors';

/** The page-wide shortcuts (ui/shortcuts.ts), and the theme and lecture classes on <html>. */
function usePageEffects(theme: 'light' | 'dark', lecture: boolean) {
  useEffect(() => {
    window.addEventListener('keydown', onShortcutKey);
    return () => window.removeEventListener('keydown', onShortcutKey);
  }, []);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = theme;
    root.classList.toggle('lecture', lecture);
  }, [theme, lecture]);
}

export function App({ debug = false }: { readonly debug?: boolean }) {
  const selected = useStore(selectSelectedLayer);
  const summaryOpen = useStore(selectSummaryOpen);
  const inspector = useStore(selectInspector);
  const embed = useStore(selectEmbed);
  const theme = useStore(selectTheme);
  const lecture = useStore(selectLecture);
  const shortcuts = useStore(selectShortcuts);
  const trainOpen = useStore(selectTrainOpen);
  const whyOpen = useStore(selectWhyOpen);
  const lessonsOpen = useStore(selectLessonsOpen);
  const lectureSettings = useStore((s) => s.ui.lectureSettings);
  const bare = useStore((s) => s.view.lecture && s.ui.bare);
  usePageEffects(theme, lecture);
  if (embed)
    return (
      <>
        <EmbedApp embed={embed} />
        {shortcuts && <ShortcutsOverlay />}
      </>
    );
  return (
    <div className={['app', lecture ? 'lecture-app' : '', bare ? 'bare' : ''].join(' ').trim()}>
      {/* Focus moves by script: following #inspector would replace the #net=… fragment that holds
          the network in the address. */}
      <a className="skip-link" href="#inspector" onClick={skipToInspector}>
        Skip to the feature maps
      </a>
      <Header />
      {lecture && <LectureBar />}
      <Notices />
      {!lecture && (
        <ErrorBoundary what="The overview">
          <Overview />
        </ErrorBoundary>
      )}
      {lecture && lectureSettings && (
        <aside
          className="lecture-drawer"
          aria-label="Layer settings"
          data-testid="lecture-settings"
        >
          <ErrorBoundary what="The layer settings" key={`lecture-editor:${selected}`}>
            <LayerEditor />
          </ErrorBoundary>
        </aside>
      )}
      <LayerStrip />
      <main className="workspace">
        {!lecture && (
          <div className="col-left">
            <SettingsSheet>
              <ErrorBoundary what="The layer settings" key={`editor:${selected}`}>
                <LayerEditor />
              </ErrorBoundary>
            </SettingsSheet>
            <ErrorBoundary what="The input">
              <InputPanel />
            </ErrorBoundary>
            <ErrorBoundary what="The prediction">
              <PredictionPanel />
            </ErrorBoundary>
          </div>
        )}
        <div className="col-mid" id="inspector" tabIndex={-1}>
          <InspectorTabs />
          <ErrorBoundary what="This view" key={`${inspector}:${selected}`}>
            {inspector === 'steps' ? <SlideView /> : <FeatureMaps />}
          </ErrorBoundary>
          {!lecture && (
            <ErrorBoundary what="The filters" key={`filters:${selected}`}>
              <KernelView />
            </ErrorBoundary>
          )}
        </div>
        <div className="col-right">
          {trainOpen && (
            <ErrorBoundary what="The training panel">
              <TrainPanel />
            </ErrorBoundary>
          )}
          {/* Why: an explanation of the prediction, so in the explanation column, beside the maps. */}
          {whyOpen && (
            <ErrorBoundary what="The Why panel">
              <WhyPanel />
            </ErrorBoundary>
          )}
          <ErrorBoundary what="The receptive field">
            <FieldPanel />
          </ErrorBoundary>
          <ErrorBoundary what="The arithmetic">
            <Arithmetic />
          </ErrorBoundary>
        </div>
      </main>
      {lessonsOpen && !lecture && (
        <ErrorBoundary what="The lessons">
          <LessonPanel />
        </ErrorBoundary>
      )}
      {summaryOpen && (
        <aside
          className="drawer"
          role="dialog"
          aria-modal="false"
          aria-labelledby="summary-title"
          data-testid="summary-drawer"
        >
          <div className="drawer-head">
            <h2 id="summary-title">Summary</h2>
            <button
              type="button"
              onClick={() => toggleSummary(false)}
              data-testid="summary-close"
              aria-label="Close the summary"
            >
              ✕
            </button>
          </div>
          <SummaryTable />
        </aside>
      )}
      <footer className="footer">
        <ComputeStatus />
        <a href="images/LICENSES.md">Image credits</a>
      </footer>
      {shortcuts && <ShortcutsOverlay />}
      {debug && <DebugOverlay />}
    </div>
  );
}

function skipToInspector(e: React.MouseEvent<HTMLAnchorElement>): void {
  e.preventDefault();
  const target = document.getElementById('inspector');
  target?.focus();
  target?.scrollIntoView({ block: 'start' });
}
