import { it } from 'vitest';
import { tensor } from '../../core/tensor';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { activationProgram } from './activation';
import { releaseRecorded } from './program';

it('s', async () => {
  const gpu = await requireGpu();
  for (let i = 0; i < 300; i++) {
    const x = tensor([1, 4], [1, 2, 3, 4]);
    const out = empty(gpu, x.shape);
    const xs = upload(gpu, x);
    const r = activationProgram(gpu, xs, out, 'relu');
    await runAndRead(gpu, [r], out);
    releaseRecorded(gpu, r);
    gpu.buffers.release(xs.buffer);
    gpu.buffers.release(out.buffer);
  }
  process.stderr.write('LOOPDONE\n');
});
