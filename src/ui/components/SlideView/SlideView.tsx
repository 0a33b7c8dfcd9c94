import type { ReactNode } from 'react';
import './SlideView.css';
import type { OkShape } from '../../../core/infer';
import { INPUT_ID, KIND_LABEL } from '../../../core/layers';
import type { Shape } from '../../../core/shape';
import type { Tensor } from '../../../core/tensor';
import { recompute } from '../../../state/compute';
import { analyze, layerParamsOf } from '../../../state/derived';
import { useStore, type AppState } from '../../../state/store';
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
import { GapSteps } from './GapSteps';
import { NormSteps } from './NormSteps';
import { PoolSteps } from './PoolSteps';
import { STEP_LAYERS, stepKindOf, type StepKind } from './stepKind';

const sameShape = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * A tensor of the shape the layer expects, or undefined. While a new computation runs, the store
 * still holds the last result; after an edit that result can have another shape, and a view
 * indexing it with the new layer's numbers would show numbers from nowhere.
 */
const current = (t: Tensor | undefined, shape: Shape | undefined) =>
  t && shape && sameShape(t.shape, shape) ? t : undefined;

/** "Watch it compute": the selected layer's step-by-step view. */
export function SlideView() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const seed = useStore(selectSeed);
  const fixed = useStore(selectFixedWeights);
  const ls =
    selected && selected !== INPUT_ID ? analyze(network).inference.byId.get(selected) : undefined;
  if (!ls)
    return (
      <p className="panel muted" data-testid="slide-unavailable">
        Select {STEP_LAYERS} to watch it compute, step by step.
      </p>
    );
  if (ls.status !== 'ok')
    return (
      <p className="panel muted" data-testid="slide-unavailable">
        Fix the layer’s settings to watch it compute.
      </p>
    );
  const kind = stepKindOf(ls);
  const name = ls.layer.name ?? ls.id;
  if (!kind)
    return (
      <p className="panel muted" data-testid="slide-unavailable">
        ‘{name}’ ({KIND_LABEL[ls.layer.kind]}) has no step-by-step view. Select {STEP_LAYERS} to
        watch it compute.
      </p>
    );
  const params = layerParamsOf(network, seed, fixed, ls.id);
  const source = ls.inputs[0];
  const input = current(
    source === INPUT_ID ? (compute.input ?? undefined) : compute.activations.get(source),
    ls.inputShapes[0],
  );
  const output = current(compute.activations.get(ls.id), ls.shape);
  const view = input && stepView(kind, ls, input, output, params, network.input.n);
  return view ? <Panel>{view}</Panel> : <Waiting name={name} compute={compute} />;
}

type Params = ReturnType<typeof layerParamsOf>;

/** The view of a layer whose input is here; null when its weights are not (yet) known. */
function stepView(
  kind: StepKind,
  ls: OkShape,
  input: Tensor,
  output: Tensor | undefined,
  params: Params,
  batch: number,
): ReactNode {
  const { layer, window } = ls;
  switch (kind) {
    case 'conv':
      return layer.kind === 'conv2d' && window && params?.weight ? (
        <ConvSteps
          ls={{ ...ls, layer, window }}
          input={input}
          output={output}
          weight={params.weight}
          bias={params.bias ?? null}
        />
      ) : null;
    case 'pool':
      return (layer.kind === 'maxPool2d' || layer.kind === 'avgPool2d') && window ? (
        <PoolSteps ls={{ ...ls, layer, window }} input={input} output={output} />
      ) : null;
    case 'activation':
      return layer.kind === 'activation' ? <ActivationSteps layer={layer} input={input} /> : null;
    case 'norm':
      return layer.kind === 'batchNorm' || layer.kind === 'layerNorm' ? (
        <NormSteps
          ls={ls}
          input={input}
          output={output}
          params={params ?? {}}
          eps={layer.eps}
          batch={batch}
        />
      ) : null;
    case 'flatten':
      return <FlattenSteps input={input} />;
    case 'linear':
      return params?.weight ? (
        <LinearSteps
          ls={ls}
          input={input}
          output={output}
          weight={params.weight}
          bias={params.bias ?? null}
        />
      ) : null;
    case 'gap':
      return <GapSteps input={input} output={output} />;
  }
}

/** A layer with a step view whose input is not computed yet: say where the computation stands. */
function Waiting({ name, compute }: { name: string; compute: AppState['compute'] }) {
  if (compute.status === 'error')
    return (
      <p className="panel compute-error" role="alert" data-testid="slide-unavailable">
        ‘{name}’ could not be computed: {compute.message}
      </p>
    );
  if (compute.status === 'cancelled')
    return (
      <p className="panel muted" data-testid="slide-unavailable">
        Stopped before ‘{name}’ was computed.{' '}
        <button type="button" onClick={recompute}>
          Compute again
        </button>
      </p>
    );
  return (
    <p className="panel muted" data-testid="computing" role="status">
      Computing ‘{name}’… its steps appear as soon as its input is ready.
    </p>
  );
}

function Panel({ children }: { readonly children: ReactNode }) {
  return (
    <section className="panel slide-panel" aria-label="Watch it compute" data-testid="slide-view">
      {children}
    </section>
  );
}
