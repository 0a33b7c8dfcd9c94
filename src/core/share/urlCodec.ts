// A whole screen as a link, and back. An unedited preset travels as ?preset=<id>; anything built
// or edited by hand travels as ?net=<lz-string compressed network document>, the same JSON as
// the network file. The readable view parameters (viewParams.ts) ride along either way.
// Reading checks everything — version, schema, sizes, that the selected layer and unit exist —
// and refuses the whole link with one sentence naming what was wrong.

// lz-string is CommonJS: its default export works under Vite, Vitest and Playwright alike.
import LZString from 'lz-string';
import { inflateUriComponent } from './lzInflate';

const { compressToEncodedURIComponent } = LZString;
import { inferShapes } from '../infer';
import { getPreset } from '../presets';
import { LIMITS } from './limits';
import {
  documentJson,
  NOT_JSON,
  parseDocumentText,
  type NetworkDocument,
  type Parsed,
} from './parseDocument';
import { parseViewParams, writeViewParams, type ViewState } from './viewParams';

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

/** The query string (without '?') of a state. */
export function encodeShare(state: ShareState): string {
  const q = new URLSearchParams();
  q.set('v', String(LINK_VERSION));
  if (state.preset !== undefined) q.set('preset', state.preset);
  if (state.doc) q.set('net', compressToEncodedURIComponent(documentJson(state.doc, 0)));
  writeViewParams(state.view, q);
  return q.toString();
}

const DAMAGED = 'the network data is damaged (cut short, or not made by this app)';

/** The network document's text: null when damaged, or when it would inflate past the limit. */
const inflate = (data: string): string | null => inflateUriComponent(data, LIMITS.documentChars);

const fail = (message: string): Parsed<never> => ({ ok: false, message });

/** Reads a query string ('?a=b…'); refuses a link that is damaged, hostile or inconsistent. */
export function decodeShare(search: string): Parsed<ShareState> {
  if (search.length > LIMITS.queryLength)
    return fail(`the link is ${search.length} characters long; the limit is ${LIMITS.queryLength}`);
  const q = new URLSearchParams(search);
  const version = q.get('v');
  if (version !== null && version !== String(LINK_VERSION))
    return fail(`v: this app reads version ${LINK_VERSION} links, not '${version.slice(0, 20)}'`);

  const preset = q.get('preset') ?? undefined;
  if (preset !== undefined && preset !== EMPTY_PRESET_ID && !getPreset(preset))
    return fail(`preset: there is no network '${preset.slice(0, 40)}'`);

  let doc: NetworkDocument | undefined;
  const net = q.get('net');
  if (net !== null) {
    const text = inflate(net);
    const parsed = text ? parseDocumentText(text) : null;
    if (!parsed || (!parsed.ok && parsed.message === NOT_JSON)) return fail(`net: ${DAMAGED}`);
    if (!parsed.ok) return fail(`net: ${parsed.message}`);
    doc = parsed.value;
  }

  const view = parseViewParams(q);
  if (!view.ok) return view;
  const network = doc?.network ?? (preset ? getPreset(preset)?.network : undefined);
  const problem = network ? checkView(view.value, network) : null;
  if (problem) return fail(problem);
  return {
    ok: true,
    value: { ...(preset ? { preset } : {}), ...(doc ? { doc } : {}), view: view.value },
  };
}

/** The selected layer, unit and channel must exist in the network the link builds. */
function checkView(view: ViewState, network: NetworkDocument['network']): string | null {
  const inference = inferShapes(network);
  if (view.layer !== undefined && view.layer !== 'input' && !inference.byId.has(view.layer))
    return `layer: the network has no layer '${view.layer}'`;
  const u = view.unit;
  if (u) {
    const ls = u.layerId === 'input' ? null : inference.byId.get(u.layerId);
    const shape =
      u.layerId === 'input'
        ? [1, network.input.c, network.input.h, network.input.w]
        : ls?.status === 'ok'
          ? ls.shape
          : null;
    if (!shape) return `unit: the layer '${u.layerId}' has no output to pick a unit from`;
    const [c, h, w] = shape.length === 4 ? shape.slice(1) : [shape[1], 1, 1];
    if (u.c >= c || u.y >= h || u.x >= w)
      return `unit: ${u.layerId} is ${c}×${h}×${w}; there is no unit (${u.c}, ${u.y}, ${u.x})`;
  }
  return null;
}
