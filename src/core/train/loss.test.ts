import { describe, expect, it } from 'vitest';
import { classCount, LOSS_KINDS, LOSS_LABEL, lossIssue } from './loss';

describe('loss configuration', () => {
  it('cross-entropy takes [N, K] and [N, K, 1, 1], not a map', () => {
    expect(lossIssue('crossEntropy', [8, 10])).toBeNull();
    expect(lossIssue('crossEntropy', [8, 10, 1, 1])).toBeNull();
    expect(lossIssue('crossEntropy', [8, 10, 2, 2])).toMatch(/one row of class scores/);
    expect(lossIssue('crossEntropy', [8])).toMatch(/batch/);
    expect(classCount([8, 10, 1, 1])).toBe(10);
  });

  it('MSE takes any batch of outputs', () => {
    expect(lossIssue('mse', [8, 3, 4, 4])).toBeNull();
    expect(LOSS_KINDS.every((k) => LOSS_LABEL[k].length > 0)).toBe(true);
  });
});
