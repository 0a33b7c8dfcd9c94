// The training worker's messages. Page → worker: 'start' once (the spec, its MNIST bytes
// transferred), then 'pause' / 'resume' / 'stop' / 'stepOnce' at any time. Worker → page: every
// SessionEvent as 'event' (a 'params' snapshot's arrays transferred), then exactly one of
// 'finished' (after the 'done' event and the last 'params'), 'refused' (the spec or the
// dataset was refused before training; no events were sent) or 'error' (anything else).

import type { SessionEvent, SessionSpec } from './sessionSpec';

export type TrainWorkerRequest =
  | { readonly type: 'start'; readonly spec: SessionSpec }
  | { readonly type: 'pause' | 'resume' | 'stop' | 'stepOnce' };

export type TrainWorkerResponse =
  | { readonly type: 'event'; readonly event: SessionEvent }
  | {
      readonly type: 'finished';
      readonly reason: 'finished' | 'stopped' | 'failed';
      readonly message?: string;
    }
  | { readonly type: 'refused' | 'error'; readonly message: string };
