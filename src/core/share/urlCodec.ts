// A whole screen as a link, and back. An unedited preset travels as ?preset=<id>; anything built
// or edited by hand travels as #net=<lz-string compressed network document>, the same JSON as
// the network file, in the fragment: a fragment is never sent to a server, so a long one cannot
// get "431 Request Header Fields Too Large" from a static host. The readable view parameters
// (viewParams.ts) ride along in the query either way. Links of the first release carried `net`
// in the query; they are still read.
// Reading checks everything — version, schema, sizes, that the selected layer and unit exist —
// and refuses the whole link with one sentence naming what was wrong.

// lz-string is CommonJS: its default export works under Vite, Vitest and Playwright alike.
import LZString from 'lz-string';
import { inflateUriComponent } from './lzInflate';

const { compressToEncodedURIComponent } = LZString;
import { inferShapes } from '../infer';
import type { Network } from '../layers';
import { getPreset } from '../presets';
import { LIMITS } from '../limits';
import {
  documentJson,
  NOT_JSON,
  parseDocumentText,
  type NetworkDocument,
  type Parsed,
} from './parseDocument';
import { parseViewParams, writeViewParams, type UnitParam, type ViewState } from './viewParams';

export const LINK_VERSION = 1;

/** The blank network's id in the presets menu and in links. */
export const EMPTY_PRESET_ID = 'empty';

export interface ShareState {
  /** An unedited preset (or 'empty'); with `doc`, the preset it started from. */
  readonly preset?: string;
  /** What was built or edited by hand. */
  readonly doc?: NetworkDocument;
  readonly view: ViewState;
}

/** The query string of a state (without '?'): the short, readable parameters. */
export function encodeQuery(state: ShareState): string {
  const q = new URLSearchParams();
  q.set('v', String(LINK_VERSION));
  if (state.preset !== undefined) q.set('preset', state.preset);
  writeViewParams(state.view, q);
  return q.toString();
}

/** The fragment of a state (without '#'): the network document, or '' for an unedited preset. */
export function encodeFragment(doc: NetworkDocument | undefined): string {
  if (!doc) return '';
  const f = new URLSearchParams();
  f.set('net', compressToEncodedURIComponent(documentJson(doc, 0)));
  return f.toString();
}

/** A state as a link without the path: `query` (no '?') plus `#net=…` when it has a document. */
export function encodeShare(state: ShareState): string {
  const fragment = encodeFragment(state.doc);
  return encodeQuery(state) + (fragment ? `#${fragment}` : '');
}

/** Splits '?query#fragment' (either part optional) into its two parameter lists. */
function splitLink(link: string): { q: URLSearchParams; f: URLSearchParams } {
  const at = link.indexOf('#');
  const search = at < 0 ? link : link.slice(0, at);
  const hash = at < 0 ? '' : link.slice(at + 1);
  return { q: new URLSearchParams(search), f: new URLSearchParams(hash) };
}

const DAMAGED = 'the network data is damaged (cut short, or not made by this app)';

/** The network document's text: null when damaged, or when it would inflate past the limit. */
const inflate = (data: string): string | null => inflateUriComponent(data, LIMITS.documentChars);

const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** A link read: the state to show, and the parts of the view that were dropped (in words). */
export interface DecodedLink {
  readonly state: ShareState;
  /** View parameters that do not fit the network (a stale unit, a removed layer): ignored. */
  readonly dropped: readonly string[];
}

/**
 * Reads a link's '?query#fragment' (either part may be empty). What would build something wrong
 * or dangerous (a damaged or hostile network, an unknown version or preset, a bad parameter)
 * refuses the whole link; a view detail that does not fit the network it builds is dropped and
 * named, and the network is kept.
 */
export function decodeShare(link: string): Parsed<DecodedLink> {
  if (link.length > LIMITS.queryLength)
    return fail(`the link is ${link.length} characters long; the limit is ${LIMITS.queryLength}`);
  const { q, f } = splitLink(link);
  const version = q.get('v');
  if (version !== null && version !== String(LINK_VERSION))
    return fail(`v: this app reads version ${LINK_VERSION} links, not '${version.slice(0, 20)}'`);

  let doc: NetworkDocument | undefined;
  const net = f.get('net') ?? q.get('net');
  if (net !== null) {
    const text = inflate(net);
    const parsed = text ? parseDocumentText(text) : null;
    if (!parsed || (!parsed.ok && parsed.message === NOT_JSON)) return fail(`net: ${DAMAGED}`);
    if (!parsed.ok) return fail(`net: ${parsed.message}`);
    doc = parsed.value;
  }

  const dropped: string[] = [];
  let preset = q.get('preset') ?? undefined;
  if (preset !== undefined && !isPresetId(preset)) {
    // Without a network of its own the link means nothing; with one, only Reset loses its target.
    if (!doc) return fail(`preset: there is no network '${preset.slice(0, 40)}'`);
    dropped.push(`preset '${preset.slice(0, 40)}' is not known here, so Reset empties the network`);
    preset = undefined;
  }

  const view = parseViewParams(q);
  if (!view.ok) return view;
  const network = doc?.network ?? getPreset(preset ?? DEFAULT_PRESET_ID)?.network ?? EMPTY;
  const checked = checkView(view.value, network);
  dropped.push(...checked.dropped);
  const state = { ...(preset ? { preset } : {}), ...(doc ? { doc } : {}), view: checked.view };
  return { ok: true, value: { state, dropped } };
}

/** The network a link without `preset` or `net` opens. */
export const DEFAULT_PRESET_ID = 'tinyvgg';

const EMPTY = { input: { n: 1, c: 1, h: 28, w: 28 }, layers: [] };

export const isPresetId = (id: string): boolean => id === EMPTY_PRESET_ID || !!getPreset(id);

/** [C, H, W] of a layer's output (a flat [N, F] output is F × 1 × 1), or null if not computed. */
export function outputSize(network: Network, layerId: string): [number, number, number] | null {
  const ls = inferShapes(network).byId.get(layerId);
  if (ls?.status !== 'ok') return null;
  return ls.shape.length === 4 ? [ls.shape[1], ls.shape[2], ls.shape[3]] : [ls.shape[1], 1, 1];
}

/** Why a unit cannot be pinned in this network, or null when it can. */
export function unitProblem(network: Network, u: UnitParam): string | null {
  if (u.layerId === 'input') return 'the input has no receptive field; pick a unit of a layer';
  const size = outputSize(network, u.layerId);
  if (!size) return `the layer '${u.layerId}' has no output to pick a unit from`;
  const [c, h, w] = size;
  if (u.c >= c || u.y >= h || u.x >= w)
    return `${u.layerId} is ${c}×${h}×${w}; there is no unit (${u.c}, ${u.y}, ${u.x})`;
  return null;
}

/** The view without what does not exist in the network the link builds. */
function checkView(view: ViewState, network: Network): { view: ViewState; dropped: string[] } {
  const dropped: string[] = [];
  let out = view;
  if (view.layer !== undefined && view.layer !== 'input' && !outputSize(network, view.layer)) {
    const known = network.layers.some((l) => l.id === view.layer);
    if (!known) {
      dropped.push(`layer: the network has no layer '${view.layer}'`);
      out = { ...out, layer: undefined, channel: undefined };
    }
  }
  if (view.unit) {
    const problem = unitProblem(network, view.unit);
    if (problem) {
      dropped.push(`unit: ${problem}`);
      out = { ...out, unit: undefined };
    }
  }
  return { view: out, dropped };
}
