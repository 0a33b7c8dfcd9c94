import { expect, it } from 'vitest';
import { describeTorch, f32, f64, runTorch } from './torch';

describeTorch('the torch driver', () => {
  it('calls a function of a module beside it, tensors both ways', () => {
    const r = runTorch({
      calls: [
        { module: 'torch_echo', fn: 'echo', args: { x: f32([1, 2, 3.5]), shape: [3] } },
        { module: 'torch_echo', fn: 'missing' },
      ],
    });
    const [ok, bad] = r.calls;
    expect(ok.ok && (ok.value as { sum: number }).sum).toBe(6.5);
    expect(ok.ok && [...f64((ok.value as { back: string }).back)]).toEqual([2, 4, 7]);
    expect(bad.ok).toBe(false);
  });
});
