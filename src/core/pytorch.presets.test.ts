// Every preset through the export: the parameters the emitted constructors imply (PyTorch's
// formulas applied to the parsed arguments) equal cost.ts layer by layer, which catches a wrong
// in_channels / in_features; the shape comments equal shape inference; and where python3 exists
// the scripts really run, against a stand-in torch that computes shapes by PyTorch's formulas.

import { describe, expect, it } from 'vitest';
import { networkCost } from './cost';
import { inferShapes } from './infer';
import { PRESETS } from './presets/index';
import { toPyTorch } from './pytorch';
import {
  commentShapes,
  constructors,
  ctorParams,
  expectedValues,
  HAS_PYTHON,
  inferredShapes,
  runWithFakeTorch,
} from './pytorch.testing';

const exported = PRESETS.map((p) => ({ p, code: toPyTorch(p.network, { title: p.title }) }));

describe('toPyTorch: every preset', () => {
  it.each(exported.map((e) => [e.p.id, e] as const))(
    '%s: constructor parameters equal cost.ts, layer by layer and in total',
    (_id, { p, code }) => {
      const inference = inferShapes(p.network);
      const cost = networkCost(inference);
      const modules = constructors(code).filter((c) => !c.name.endsWith('Pad2d'));
      const layers = inference.layers.filter(
        (l) => l.layer.kind !== 'add' && l.layer.kind !== 'concat',
      );
      expect(modules).toHaveLength(layers.length);
      layers.forEach((ls, i) => {
        expect([ls.id, ctorParams(modules[i])]).toEqual([ls.id, cost.layers.get(ls.id)!.params]);
      });
      const total = modules.reduce((sum, c) => sum + ctorParams(c), 0);
      expect(total).toBe(cost.params);
      if (p.referenceParams !== undefined) expect(total).toBe(p.referenceParams);
      expect(expectedValues(code).params).toBe(cost.params);
    },
  );

  it.each(exported.map((e) => [e.p.id, e] as const))(
    '%s: shape comments and the expected output equal shape inference',
    (_id, { p, code }) => {
      const inference = inferShapes(p.network);
      expect(commentShapes(code)).toEqual(inferredShapes(p.network));
      const last = inference.layers.at(-1)!;
      expect(last.status).toBe('ok');
      if (last.status === 'ok') expect(expectedValues(code).shape).toEqual([...last.shape]);
      const merges = p.network.layers.some((l) => l.kind === 'add' || l.kind === 'concat');
      expect(code.includes('model = nn.Sequential(')).toBe(!merges);
      expect(code.includes('class Net(nn.Module):')).toBe(merges);
    },
  );

  it.skipIf(!HAS_PYTHON)(
    'each script runs with python3: printed shape and parameter count as expected, every module output as commented',
    () => {
      const runs = runWithFakeTorch(exported.map((e) => e.code));
      exported.forEach(({ p, code }, i) => {
        const run = runs[i];
        expect([p.id, run.ok, run.error]).toEqual([p.id, true, undefined]);
        const { shape, params } = expectedValues(code);
        expect(run.printed).toEqual([`torch.Size([${shape.join(', ')}])`, `${params} parameters`]);
        expect(run.traced).toEqual(inferredShapes(p.network, true));
        expect(run.traced).toEqual(commentShapes(code, true));
      });
    },
  );
});
