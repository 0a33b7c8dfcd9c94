// The readable part of a link: what is on screen (layer, tab, unit, animation position…) and,
// for an embed, which view and controls to show. One table drives both reading and writing, so
// a parameter cannot be written in one form and read in another.

import * as v from 'valibot';
import { SAMPLE_IMAGES } from '../samples';
import { DATASET_IDS, exampleText, parseExample, type ExampleRef } from '../data/catalog';
import { RANDOM_WEIGHTS, SHIPPED_WEIGHTS } from '../weightsFile/shipped';
import { describeIssue, type Parsed } from './parseDocument';
import { layerId } from './networkSchema';

/** Animation speeds offered (positions per second = 1.5 × speed). */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 25, 50] as const;

/** The views an embed can show on its own. */
export const EMBED_VIEWS = [
  'maps',
  'steps',
  'field',
  'arithmetic',
  'overview',
  'filters',
  'summary',
] as const;
export type EmbedView = (typeof EMBED_VIEWS)[number];

/** Animation controls an embed may keep; the rest are hidden. */
export const EMBED_CONTROLS = ['play', 'step', 'scrub', 'speed'] as const;
export type EmbedControl = (typeof EMBED_CONTROLS)[number];

export interface UnitParam {
  readonly layerId: string;
  readonly c: number;
  readonly y: number;
  readonly x: number;
}

export interface ViewState {
  readonly sample?: string;
  /** A held-out dataset example as the input ('mnist:12'), instead of the sample. */
  readonly example?: ExampleRef;
  readonly seed?: number;
  /** An unedited preset with other weights than its default: a shipped set's name or 'random'. */
  readonly weights?: string;
  readonly layer?: string;
  readonly view?: 'maps' | 'steps';
  readonly unit?: UnitParam;
  readonly channel?: number;
  readonly scale?: 'channel' | 'layer' | 'global';
  /** Batch norm in the maps with the batch's own statistics ('training'); default inference. */
  readonly bn?: 'inference' | 'training';
  readonly step?: number;
  readonly speed?: number;
  readonly theme?: 'light' | 'dark';
  readonly lecture?: boolean;
  /** The summary table drawer is open. */
  readonly summary?: boolean;
  readonly embed?: boolean;
  readonly show?: EmbedView;
  /** Controls kept in an embed; absent means all. */
  readonly controls?: readonly EmbedControl[];
  /** Host origins whose messages are obeyed; absent means any. */
  readonly origins?: readonly string[];
}

const wholeText = (max: number) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{1,10}$/, 'must be a whole number'),
    v.transform(Number),
    v.maxValue(max, `must be at most ${max}`),
  );

const list = <T extends string>(options: readonly T[], what: string) =>
  v.pipe(
    v.string(),
    v.maxLength(200, 'is too long'),
    v.transform((s) => (s === '' || s === 'none' ? [] : s.split(','))),
    v.array(v.picklist(options, `lists an unknown ${what} (known: ${options.join(', ')})`)),
  );

/** Whether `s` is an origin such as https://example.org: scheme, host and port only. */
export function isOrigin(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === s;
  } catch {
    return false;
  }
}

const origin = v.pipe(
  v.string(),
  v.check(isOrigin, 'must be origins like https://example.org, separated by commas'),
);

const PARAMS = {
  sample: v.picklist(
    SAMPLE_IMAGES.map((s) => s.id),
    'is not one of the sample images',
  ),
  example: v.pipe(
    v.string(),
    v.maxLength(30, 'is too long'),
    v.transform(parseExample),
    v.check(
      (r): r is ExampleRef => r !== null,
      `must be dataset:index with a shipped dataset (${DATASET_IDS.join(', ')}), e.g. mnist:12`,
    ),
  ),
  seed: wholeText(2 ** 31),
  weights: v.picklist(
    [RANDOM_WEIGHTS, ...SHIPPED_WEIGHTS.map((w) => w.id)],
    `must be '${RANDOM_WEIGHTS}' or shipped weights (${SHIPPED_WEIGHTS.map((w) => w.id).join(', ')})`,
  ),
  layer: layerId,
  view: v.picklist(['maps', 'steps'], "must be 'maps' or 'steps'"),
  unit: v.pipe(
    v.string(),
    v.regex(/^[A-Za-z0-9_.\-/]{1,64}:\d{1,6}:\d{1,6}:\d{1,6}$/, 'must be layer:channel:y:x'),
    v.transform((s): UnitParam => {
      const [layerId, c, y, x] = s.split(':');
      return { layerId, c: Number(c), y: Number(y), x: Number(x) };
    }),
  ),
  ch: wholeText(1e6),
  scale: v.picklist(['channel', 'layer', 'global'], "must be 'channel', 'layer' or 'global'"),
  bn: v.picklist(['inference', 'training'], "must be 'inference' or 'training'"),
  step: wholeText(1e8),
  speed: v.pipe(
    v.string(),
    v.transform(Number),
    v.picklist([...SPEEDS], `must be one of ${SPEEDS.join(', ')}`),
  ),
  theme: v.picklist(['light', 'dark'], "must be 'light' or 'dark'"),
  lecture: v.picklist(['0', '1'], "must be '0' or '1'"),
  summary: v.picklist(['0', '1'], "must be '0' or '1'"),
  embed: v.picklist(['0', '1'], "must be '0' or '1'"),
  show: v.picklist(EMBED_VIEWS, `must be one of ${EMBED_VIEWS.join(', ')}`),
  controls: list(EMBED_CONTROLS, 'control'),
  origins: v.pipe(
    v.string(),
    v.maxLength(2000, 'is too long'),
    v.transform((s) => s.split(',').filter((o) => o !== '')),
    v.array(origin),
  ),
} as const;

type Key = keyof typeof PARAMS;

/** Reads the view parameters of a query; the first invalid one is named in the message. */
export function parseViewParams(q: URLSearchParams): Parsed<ViewState> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(PARAMS) as Key[]) {
    const raw = q.get(key);
    if (raw === null) continue;
    const r = v.safeParse(PARAMS[key], raw);
    if (!r.success) {
      const what = describeIssue(r.issues[0]);
      return { ok: false, message: what.startsWith('[') ? key + what : `${key}: ${what}` };
    }
    out[key] = r.output;
  }
  const { ch, lecture, summary, embed, ...rest } = out;
  return {
    ok: true,
    value: {
      ...(rest as ViewState),
      ...(ch !== undefined ? { channel: ch as number } : {}),
      ...(lecture !== undefined ? { lecture: lecture === '1' } : {}),
      ...(summary !== undefined ? { summary: summary === '1' } : {}),
      ...(embed !== undefined ? { embed: embed === '1' } : {}),
    },
  };
}

/** Writes the view parameters in a fixed order (so equal states give equal links). */
export function writeViewParams(view: ViewState, q: URLSearchParams): void {
  const put = (k: string, val: string | number | undefined) => {
    if (val !== undefined) q.set(k, String(val));
  };
  put('sample', view.sample);
  if (view.example) put('example', exampleText(view.example));
  put('seed', view.seed);
  put('weights', view.weights);
  put('layer', view.layer);
  put('view', view.view);
  if (view.unit) put('unit', `${view.unit.layerId}:${view.unit.c}:${view.unit.y}:${view.unit.x}`);
  put('ch', view.channel);
  put('scale', view.scale);
  put('bn', view.bn);
  put('step', view.step);
  put('speed', view.speed);
  put('theme', view.theme);
  if (view.lecture) put('lecture', '1');
  if (view.summary) put('summary', '1');
  if (view.embed) put('embed', '1');
  put('show', view.show);
  if (view.controls) put('controls', view.controls.length ? view.controls.join(',') : 'none');
  if (view.origins?.length) put('origins', view.origins.join(','));
}
