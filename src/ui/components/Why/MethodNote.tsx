import type { SaliencyKind } from '../../../core/explain/saliency';
import type { WhyMethod } from '../../../core/explain/whySettings';
import { methodText } from '../../viz/whyText';
import { Tex } from '../Arithmetic/Tex';

/** What the method computes (formula and words) and what it cannot tell. */
export function MethodNote({ method, kind }: { method: WhyMethod; kind: SaliencyKind }) {
  const t = methodText(method, kind);
  return (
    <div className="why-note" data-testid="why-note">
      <Tex expr={t.formula} display />
      <p className="small">{t.plain}</p>
      <p className="small">
        <strong>Pitfalls.</strong> {t.pitfalls}
      </p>
    </div>
  );
}
