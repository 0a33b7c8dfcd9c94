// The one error type the CPU reference ops throw for an invalid configuration (bad shape, wrong
// weight length, kernel larger than the input...). The message is meant for a human: it reuses
// the wording of the core shape checks (LayerIssue) wherever one applies.

import { fmtShape, type LayerIssue, type Shape } from '../core/shape';
import type { Tensor } from '../core/tensor';
import { numel } from '../core/tensor';

export type OpErrorCode = LayerIssue['code'] | 'weights';

export class OpError extends Error {
  override readonly name = 'OpError';
  /** The LayerIssue code when the problem came from the core shape checks; 'weights' otherwise. */
  readonly code: OpErrorCode;

  constructor(message: string, code: OpErrorCode = 'bad-param') {
    super(message);
    this.code = code;
  }

  static from(issue: LayerIssue): OpError {
    return new OpError(issue.message, issue.code);
  }
}

/** `[2, 3, 4]` for error messages. */
export const shapeText = (shape: Shape): string => `[${shape.join(', ')}]`;

/** Throws unless `data` holds exactly `expected` values. */
export function expectLength(
  what: string,
  data: ArrayLike<number>,
  expected: number,
  layout: string,
): void {
  if (data.length !== expected) {
    throw new OpError(
      `${what} needs ${expected} values (${layout}), got ${data.length}`,
      'weights',
    );
  }
}

/** Throws unless the tensor's data length matches its shape (a malformed tensor). */
export function checkTensor(what: string, x: Tensor): void {
  const n = numel(x.shape);
  if (x.data.length !== n) {
    throw new OpError(
      `${what} of shape ${shapeText(x.shape)} needs ${n} values, got ${x.data.length}`,
      'mismatch',
    );
  }
}

/** Throws unless the tensor is [N, C, H, W] or [N, F] (as `ranks` allows). */
export function expectRank(what: string, x: Tensor, ranks: readonly number[], needs: string): void {
  checkTensor(what, x);
  if (!ranks.includes(x.shape.length)) {
    throw new OpError(`${what} needs ${needs}, got ${fmtShape(x.shape) || 'a scalar'}`, 'rank');
  }
}
