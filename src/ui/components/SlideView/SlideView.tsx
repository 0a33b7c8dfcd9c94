import type { ReactNode } from 'react';
import './SlideView.css';
import { INPUT_ID } from '../../../core/layers';
import { analyze, layerParamsOf } from '../../../state/derived';
import { useStore } from '../../../state/store';
import {
  selectCompute,
  selectFixedWeights,
  selectNetwork,
  selectSeed,
  selectSelectedLayer,
} from '../../selectors';
import { ActivationSteps } from './ActivationSteps';
import { ConvSteps } from './ConvSteps';
import { FlattenSteps, LinearSteps } from './DenseSteps';
import { NormSteps } from './NormSteps';
import { PoolSteps } from './PoolSteps';

/** "Watch it compute": the selected layer's step-by-step view. */
export function SlideView() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const seed = useStore(selectSeed);
  const fixed = useStore(selectFixedWeights);
  const ls =
    selected && selected !== INPUT_ID ? analyze(network).inference.byId.get(selected) : undefined;
  const params = ls?.status === 'ok' ? layerParamsOf(network, seed, fixed, ls.id) : null;
  const dense = params;
  const source = ls?.inputs[0];
  const input =
    source === INPUT_ID ? compute.input : source ? compute.activations.get(source) : undefined;
  if (ls?.status === 'ok' && ls.layer.kind === 'activation' && input && input.shape.length === 4)
    return (
      <Panel>
        <ActivationSteps layer={ls.layer} input={input} />
      </Panel>
    );
  if (ls?.status === 'ok' && ls.layer.kind === 'flatten' && input && input.shape.length === 4)
    return (
      <Panel>
        <FlattenSteps input={input} />
      </Panel>
    );
  if (ls?.status === 'ok' && ls.layer.kind === 'linear' && input && dense?.weight)
    return (
      <Panel>
        <LinearSteps
          ls={ls}
          input={input}
          output={compute.activations.get(ls.id)}
          weight={dense.weight}
          bias={dense.bias ?? null}
        />
      </Panel>
    );
  if (
    ls?.status === 'ok' &&
    (ls.layer.kind === 'batchNorm' || ls.layer.kind === 'layerNorm') &&
    input &&
    input.shape.length === 4
  )
    return (
      <Panel>
        <NormSteps
          ls={ls}
          input={input}
          output={compute.activations.get(ls.id)}
          params={params ?? {}}
          eps={ls.layer.eps}
          batch={network.input.n}
        />
      </Panel>
    );
  if (!ls || ls.status !== 'ok' || !ls.window)
    return (
      <p className="panel muted" data-testid="slide-unavailable">
        {ls && ls.status !== 'ok'
          ? 'Fix the layer’s settings to watch it compute.'
          : 'Select a convolution, pooling, activation, normalization, flatten or linear layer to watch it compute, step by step.'}
      </p>
    );
  const output = compute.activations.get(ls.id);
  if (!input || input.shape.length !== 4)
    return (
      <p className="panel muted" data-testid="computing">
        Computing…
      </p>
    );
  const window = ls.window;
  return (
    <Panel>
      {ls.layer.kind === 'conv2d' && params?.weight ? (
        <ConvSteps
          ls={{ ...ls, layer: ls.layer, window }}
          input={input}
          output={output}
          weight={params.weight}
          bias={params.bias ?? null}
        />
      ) : ls.layer.kind === 'maxPool2d' || ls.layer.kind === 'avgPool2d' ? (
        <PoolSteps ls={{ ...ls, layer: ls.layer, window }} input={input} output={output} />
      ) : null}
    </Panel>
  );
}

function Panel({ children }: { readonly children: ReactNode }) {
  return (
    <section className="panel slide-panel" aria-label="Watch it compute" data-testid="slide-view">
      {children}
    </section>
  );
}
