import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../presets';
import { HOSTILE_LINKS } from '../testing/hostileLinks';
import { ID_PATTERN } from '../limits';
import { parseDocumentText, documentJson } from './parseDocument';
import { decodeShare, encodeShare, type ShareState } from './urlCodec';

const roundTrip = (s: ShareState) => {
  const r = decodeShare(`?${encodeShare(s)}`);
  if (!r.ok) throw new Error(r.message);
  expect(r.value.dropped).toEqual([]);
  return r.value.state;
};

describe('links', () => {
  it('every preset id and layer id is a legal link id', () => {
    for (const p of PRESETS) {
      expect(p.id).toMatch(ID_PATTERN);
      for (const l of p.network.layers) expect(l.id).toMatch(ID_PATTERN);
    }
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s as a document survives a link', (_, p) => {
    const doc = { preset: p.id, network: p.network, seed: 7, weights: p.weights, input: p.input };
    const back = roundTrip({ preset: p.id, doc, view: { layer: p.network.layers[0].id } });
    expect(back.doc?.network).toEqual(p.network);
    expect(back.doc?.weights ?? undefined).toEqual(p.weights);
    expect(back.view.layer).toBe(p.network.layers[0].id);
  });

  it('view parameters survive: unit, tab, step, speed, scale, theme, embed', () => {
    const view = {
      sample: 'coffee',
      layer: 'c1',
      view: 'steps' as const,
      unit: { layerId: 'c1', c: 5, y: 27, x: 3 },
      channel: 2,
      scale: 'global' as const,
      bn: 'training' as const,
      step: 40,
      speed: 0.25,
      theme: 'dark' as const,
      lecture: true,
      summary: true,
      embed: true,
      show: 'steps' as const,
      controls: ['play', 'step'] as const,
      origins: ['https://course.example.org', 'http://127.0.0.1:4000'],
    };
    expect(roundTrip({ preset: 'lenet5', view }).view).toEqual(view);
    expect(roundTrip({ preset: 'lenet5', view: { controls: [] } }).view.controls).toEqual([]);
  });

  it('hand-set weights come back at float32 precision', () => {
    const w = [0.1, -1 / 3, 1e-7, 12345.678];
    const p = PRESETS.find((x) => x.id === 'teach_5x5_exercise')!;
    const doc = { network: p.network, weights: { [p.network.layers[0].id]: { weight: w } } };
    const back = roundTrip({ doc, view: {} }).doc!.weights![p.network.layers[0].id].weight!;
    back.forEach((x: number, i: number) => expect(Math.fround(x)).toBe(Math.fround(w[i])));
  });

  it.each(HOSTILE_LINKS.map((h) => [h.name, h] as const))('refuses %s', (_, h) => {
    const r = decodeShare(h.query);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(h.expect);
  });

  it('an empty query is the default screen', () => {
    expect(decodeShare('')).toEqual({ ok: true, value: { state: { view: {} }, dropped: [] } });
  });

  it('a view detail that does not fit is dropped and named; the network is kept', () => {
    const cases: [string, string][] = [
      ['?preset=lenet5&unit=c1:99:0:0', 'unit: c1 is 6×28×28; there is no unit (99, 0, 0)'],
      ['?preset=lenet5&layer=gone&unit=gone:0:0:0', "layer: the network has no layer 'gone'"],
      ['?unit=conv_1_1:9999:0:0', 'unit: conv_1_1 is 10×62×62'],
      ['?layer=nope', "layer: the network has no layer 'nope'"],
      ['?preset=lenet5&unit=input:0:0:0', 'unit: the input has no receptive field'],
    ];
    for (const [query, why] of cases) {
      const r = decodeShare(query);
      expect(r.ok, query).toBe(true);
      if (r.ok) {
        expect(r.value.dropped.join(' | '), query).toContain(why);
        expect(r.value.state.view.unit).toBeUndefined();
      }
    }
  });

  it('an unknown preset beside a network only loses Reset’s target', () => {
    const p = PRESETS.find((x) => x.id === 'lenet5')!;
    const q = encodeShare({ doc: { preset: 'gone', network: p.network }, view: {} });
    const r = decodeShare(`?${q.replace('v=1', 'v=1&preset=gone')}`);
    expect(r.ok && r.value.dropped[0]).toContain("preset 'gone' is not known here");
    expect(r.ok && r.value.state.preset).toBeUndefined();
  });

  it('random junk never throws, it is refused or read', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (k, val) => {
        const q = new URLSearchParams({ [k]: val }).toString();
        expect(() => decodeShare(`?${q}`)).not.toThrow();
        expect(() => decodeShare(`?net=${encodeURIComponent(val)}`)).not.toThrow();
      }),
    );
  });
});

describe('network file', () => {
  it('LeNet-5 as JSON text parses back to the same network', () => {
    const p = PRESETS.find((x) => x.id === 'lenet5')!;
    const text = documentJson({ preset: 'lenet5', network: p.network, seed: 3 });
    const r = parseDocumentText(text);
    expect(r.ok && r.value.network).toEqual(p.network);
    expect(JSON.parse(text).format).toBe('cnn-visualizer/network');
  });
  it('says what is wrong: not JSON, wrong format, wrong input length', () => {
    expect(parseDocumentText('{').ok).toBe(false);
    const wrong = parseDocumentText('{"format":"x","version":1}');
    expect(!wrong.ok && wrong.message).toContain("format: must be 'cnn-visualizer/network'");
    const p = PRESETS.find((x) => x.id === 'teach_5x5_exercise')!;
    const short = parseDocumentText(documentJson({ network: p.network, input: [1, 2, 3] }));
    expect(!short.ok && short.message).toContain('expected 1×5×5 = 25 numbers, got 3');
  });
});

describe('the network document travels in the fragment', () => {
  const p = PRESETS.find((x) => x.id === 'lenet5')!;
  const doc = { preset: p.id, network: p.network, seed: 3 };
  it('the query keeps the short parameters, #net= holds the document', () => {
    const link = encodeShare({ preset: p.id, doc, view: { layer: 'c3' } });
    const [query, fragment] = link.split('#');
    expect(query).toBe('v=1&preset=lenet5&layer=c3');
    expect(fragment).toMatch(/^net=/);
    const r = decodeShare(`?${link}`);
    expect(r.ok && r.value.state.doc?.network).toEqual(p.network);
  });
  it('links of the first release, with net= in the query, still open', () => {
    const fragment = encodeShare({ doc, view: {} }).split('#')[1];
    const r = decodeShare(`?v=1&${fragment}`);
    expect(r.ok && r.value.state.doc?.network).toEqual(p.network);
  });
});

describe('the link budget', () => {
  it('a document under the budget goes whole; huge hand-set arrays stay out, named', async () => {
    const { linkDocument } = await import('./linkBudget');
    const vgg = PRESETS.find((x) => x.id === 'vgg16')!;
    const small = {
      network: vgg.network,
      weights: { conv5_3: { weightEdits: [[7, 0.5]] as [number, number][] } },
    };
    expect(linkDocument(small).omitted).toEqual([]);
    const big = {
      network: vgg.network,
      weights: {
        conv5_3: {
          weight: new Array(2_359_296).fill(0),
          weightEdits: [[7, 0.5]] as [number, number][],
        },
        conv1_1: { weightEdits: [[0, 1]] as [number, number][] },
      },
    };
    const out = linkDocument(big);
    expect(out.omitted).toEqual([{ layerId: 'conv5_3', numbers: 2_359_296 }]);
    expect(out.doc.weights).toEqual({ conv1_1: { weightEdits: [[0, 1]] } });
  });
});
