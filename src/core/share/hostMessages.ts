// The host-page API: the messages a page embedding the app may post to it, and the events the
// app posts back. Every message is plain data checked against this schema; nothing in one is
// ever evaluated. Messages without `channel: 'cnn-visualizer'` are someone else's and ignored.

import * as v from 'valibot';
import { describeIssue, type Parsed } from './parseDocument';
import { layerId, whole } from './networkSchema';
import { EMBED_VIEWS } from './viewParams';

export const CHANNEL = 'cnn-visualizer';

const env = { channel: v.literal(CHANNEL) };

export const hostMessageSchema = v.variant(
  'type',
  [
    // One of: a preset id, a link's query string, or a network document (the JSON file format).
    v.strictObject({
      ...env,
      type: v.literal('load'),
      preset: v.optional(layerId),
      link: v.optional(v.pipe(v.string(), v.maxLength(2_000_000))),
      document: v.optional(v.unknown()),
    }),
    v.strictObject({ ...env, type: v.literal('selectLayer'), layer: layerId }),
    v.strictObject({
      ...env,
      type: v.literal('selectUnit'),
      unit: v.nullable(
        v.strictObject({ layerId, c: whole(0, 1e6), y: whole(0, 1e6), x: whole(0, 1e6) }),
      ),
    }),
    v.strictObject({ ...env, type: v.literal('showView'), view: v.picklist(EMBED_VIEWS) }),
    v.strictObject({ ...env, type: v.literal('play') }),
    v.strictObject({ ...env, type: v.literal('pause') }),
    v.strictObject({
      ...env,
      type: v.literal('step'),
      by: v.optional(v.pipe(v.number(), v.integer(), v.minValue(-1e6), v.maxValue(1e6))),
    }),
    v.strictObject({ ...env, type: v.literal('seek'), step: whole(0, 1e8) }),
    v.strictObject({ ...env, type: v.literal('getState') }),
  ],
  'is not a message type this app knows',
);

export type HostMessage = v.InferOutput<typeof hostMessageSchema>;

/** Whether a posted value is addressed to this app at all. */
export const isForUs = (data: unknown): boolean =>
  typeof data === 'object' && data !== null && (data as { channel?: unknown }).channel === CHANNEL;

export function parseHostMessage(data: unknown): Parsed<HostMessage> {
  const r = v.safeParse(hostMessageSchema, data);
  if (!r.success) return { ok: false, message: describeIssue(r.issues[0]) };
  const m = r.output;
  if (m.type === 'load') {
    const given = [m.preset, m.link, m.document].filter((x) => x !== undefined).length;
    if (given !== 1)
      return { ok: false, message: 'load: give exactly one of preset, link or document' };
  }
  return { ok: true, value: m };
}

/** Events the app posts to its host. */
export type AppEvent =
  | { channel: typeof CHANNEL; type: 'ready'; version: 1; link: string; layers: string[] }
  | { channel: typeof CHANNEL; type: 'loaded'; link: string; layers: string[] }
  | {
      channel: typeof CHANNEL;
      type: 'selection';
      layer: string | null;
      unit: { layerId: string; c: number; y: number; x: number } | null;
    }
  | { channel: typeof CHANNEL; type: 'step'; step: number; count: number; playing: boolean }
  | { channel: typeof CHANNEL; type: 'state'; link: string; layer: string | null }
  | { channel: typeof CHANNEL; type: 'error'; message: string }
  /** The embed's content size in CSS pixels, whenever it changes: the host can fit the iframe. */
  | { channel: typeof CHANNEL; type: 'resize'; width: number; height: number }
  /** The reply to a message that needs no other answer (selectLayer, play, step…): it was done. */
  | { channel: typeof CHANNEL; type: 'done'; request: HostMessage['type'] };
