// The CPU training engine: the trainer's TrainEngine over src/cpu/train's step, on this thread
// (Node, or a worker in the app). Deterministic for a seed.

import { CpuTrainer } from '../../cpu/train/step';
import type { EngineFactory, TrainEngine } from '../../train/engine';

export const createCpuEngine: EngineFactory = async (init) => {
  const t = new CpuTrainer({
    network: init.network,
    params: init.params,
    optimizer: init.optimizer,
    loss: init.loss,
    frozen: init.frozen,
    seed: init.seed,
  });
  const engine: TrainEngine = {
    kind: 'cpu',
    async step(batch, lr) {
      const r = t.step(batch.images, batch.labels, batch.n, lr);
      return { loss: r.loss, correct: r.correct };
    },
    async evaluate(batch) {
      return t.evaluate(batch.images, batch.labels, batch.n);
    },
    async parameters(ids) {
      return t.parameters(ids);
    },
    async gradients(ids) {
      return t.gradients(ids);
    },
    async featureMap(id) {
      const m = t.featureMap(id);
      if (!m) throw new Error(`no computed output of layer '${id}' yet`);
      return { shape: m.shape, data: m.data.slice() };
    },
    dispose() {},
  };
  return engine;
};
