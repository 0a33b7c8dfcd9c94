// A DAG network (explicit inputs, add, concat) as a `class Net(nn.Module)`: __init__ declares one
// attribute per module, forward() wires the graph in the core's topological order.
//
// Tensors in forward live in a few reused variables (x, x1, x2, …) rather than one per layer:
// a variable is reassigned as soon as its tensor has no reader left, so Python frees it, and a
// plain chain reads `x = self.conv(x)` as in hand-written PyTorch. The shape comment on every
// line names the layer, so the generic names lose nothing.

import { dependencies, type Inference, type OkShape } from './infer';
import { INPUT_ID } from './layers';
import { commentText, NameAllocator } from './pytorchNames';
import { layerModules, pyShape, type LayerModules } from './pytorchModules';

const I1 = '    ';
const I2 = I1 + I1;

/** What the comments call a layer: its display name, else its id (else its kind, if blank). */
export const layerLabel = (ls: OkShape): string =>
  commentText(ls.layer.name ?? ls.id) || ls.layer.kind;

const shapeComment = (ls: OkShape, shape = ls.shape): string =>
  `# ${layerLabel(ls)} -> ${pyShape(shape)}`;

export interface Declared {
  readonly ls: OkShape;
  readonly modules: LayerModules;
  /** Attribute names of the pad module and the main module, where the layer has them. */
  readonly padAttr?: string;
  readonly attr?: string;
}

/**
 * Each layer's attributes in the class: its module's (`self.<attr>`, also its state_dict prefix)
 * and its pad module's. The one place these names are chosen: the script and the weights file
 * (pytorchWeights.ts) both read them from here.
 */
export function declare(layers: readonly OkShape[]): Declared[] {
  const names = new NameAllocator();
  return layers.map((ls) => {
    const modules = layerModules(ls);
    const attr = modules.main ? names.take(ls.id) : undefined;
    const padAttr = modules.pad ? names.take(`${ls.id}_pad`) : undefined;
    return { ls, modules, attr, padAttr };
  });
}

/** Which variable holds each live tensor, reusing a variable once its tensor is dead. */
class Variables {
  private readonly where = new Map<string, string>([[INPUT_ID, 'x']]);
  private readonly readers = new Map<string, number>();
  private readonly free: string[] = [];
  private count = 1;

  constructor(reads: readonly string[]) {
    for (const id of reads) this.readers.set(id, (this.readers.get(id) ?? 0) + 1);
  }

  of(id: string): string {
    return this.where.get(id)!;
  }

  /**
   * The variable for `id`'s output, computed from `inputs`: an input's variable whose tensor this
   * statement reads for the last time (Python evaluates the right side first, so reusing it is
   * safe), else a free or new one. Variables of other dead inputs go back to the pool.
   */
  assign(id: string, inputs: readonly string[]): string {
    const dying: string[] = [];
    for (const src of inputs) {
      const left = this.readers.get(src)! - 1;
      this.readers.set(src, left);
      if (left === 0) dying.push(this.where.get(src)!);
    }
    const pool = [...new Set(dying), ...this.free].sort(byIndex);
    const target = pool.shift() ?? `x${this.count++}`;
    this.free.splice(0, this.free.length, ...pool);
    this.where.set(id, target);
    return target;
  }
}

/** 'x' < 'x1' < 'x2' < … < 'x10', so the lowest free variable is reused first. */
const byIndex = (a: string, b: string): number => Number(a.slice(1) || 0) - Number(b.slice(1) || 0);

function forwardLines(inference: Inference, declared: readonly Declared[], output: string) {
  const needed = dependencies(inference, output);
  const used = declared.filter((d) => needed.has(d.ls.id));
  // Every read of a tensor, plus one for the return of the output.
  const vars = new Variables([...used.flatMap((d) => d.ls.inputs), output]);
  const lines: string[] = [`${I1}def forward(self, x):`];
  for (const { ls, modules, attr, padAttr } of used) {
    const args = ls.inputs.map((i) => vars.of(i));
    const target = vars.assign(ls.id, ls.inputs);
    if (modules.pad) {
      lines.push(
        `${I2}${target} = self.${padAttr}(${args[0]})  ${shapeComment(ls, modules.pad.shape)}`,
      );
      args[0] = target;
    }
    const expr =
      ls.layer.kind === 'add'
        ? args.join(' + ')
        : ls.layer.kind === 'concat'
          ? `torch.cat([${args.join(', ')}], dim=1)`
          : `self.${attr}(${args[0]})`;
    lines.push(`${I2}${target} = ${expr}  ${shapeComment(ls)}`);
  }
  lines.push(`${I2}return ${vars.of(output)}`);
  return {
    lines,
    unused: new Set(declared.filter((d) => !needed.has(d.ls.id)).map((d) => d.ls.id)),
  };
}

/**
 * The class definition and `model = <className>()`. `output` is the layer whose tensor forward
 * returns; layers it does not depend on are still declared (their parameters count in the
 * core's total) and marked as not called.
 */
export function moduleClassLines(
  inference: Inference,
  layers: readonly OkShape[],
  output: string,
  className: string,
): string[] {
  const declared = declare(layers);
  const forward = forwardLines(inference, declared, output);
  const init = [`${I1}def __init__(self):`, `${I2}super().__init__()`];
  for (const { ls, modules, attr, padAttr } of declared) {
    const label = layerLabel(ls);
    if (modules.pad && padAttr) {
      init.push(`${I2}self.${padAttr} = ${modules.pad.ctor}  # ${label}: ${modules.pad.note}`);
    }
    if (!modules.main || !attr) continue;
    // The comment maps the attribute back to the layer; left out where it would only repeat it.
    const notes = [
      ...(label !== attr || modules.main.note ? [label] : []),
      ...(modules.main.note ? [modules.main.note] : []),
      ...(forward.unused.has(ls.id) ? ['does not feed the output, so forward() skips it'] : []),
    ];
    const comment = notes.length > 0 ? `  # ${notes.join(': ')}` : '';
    init.push(`${I2}self.${attr} = ${modules.main.ctor}${comment}`);
  }
  return [
    `class ${className}(nn.Module):`,
    ...init,
    '',
    ...forward.lines,
    '',
    '',
    `model = ${className}()`,
  ];
}
