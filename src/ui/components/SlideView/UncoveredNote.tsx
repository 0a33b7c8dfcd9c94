import type { OkShape } from '../../../core/infer';

/** After the last position: why some input rows/columns were never read. */
export function UncoveredNote({ ls }: { ls: OkShape }) {
  if (ls.warnings.length === 0) return null;
  return (
    <div className="uncovered-note" data-testid="uncovered-note">
      <strong>Doesn’t fit:</strong> the window has reached its last position, and the cells in red
      were never read.
      {ls.warnings.map((w) => (
        <p key={`${w.axis}${w.kind}`}>{w.message}</p>
      ))}
    </div>
  );
}
