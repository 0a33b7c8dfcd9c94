// torch.optim.Adam's and AdamW's update of one parameter tensor in place, one invocation per
// element, in PyTorch 1.13's single-tensor order (ε outside the square root, bias corrections
// folded into the step size and √v's divisor). Twin: src/cpu/optim/adam.ts; maths:
// src/core/train/optim.ts. AdamW is Adam with other numbers in the slot, not another pipeline:
// Adam has λ in weight_decay and decay = 1, AdamW weight_decay = 0 and decay = 1 − ηλ.
// This step's numbers, which depend on the schedule and on the tensor's step count t, sit in its
// slot of `hyper`, written by the training step once per step before its submit.

override WG: u32 = 256;
override CLIP: bool = false; // read g as g · κ, κ = clip[1] (clip.wgsl, earlier in the pass)

struct Params {
  count: u32, // elements of the parameter tensor
  slot: u32,  // its slot in `hyper`
}

// One slot per trainable tensor, 64 bytes (16 × f32; src/gpu/programs/optim/hyper.ts packs it).
struct Hyper {
  step_size: f32,       // η / (1 − β₁ᵗ)
  bc2_sqrt: f32,        // √(1 − β₂ᵗ)
  beta1: f32,           // β₁
  one_minus_beta1: f32, // 1 − β₁
  beta2: f32,           // β₂
  one_minus_beta2: f32, // 1 − β₂
  eps: f32,             // ε
  weight_decay: f32,    // Adam's coupled λ: g ← g + λ p (0 for AdamW)
  decay: f32,           // AdamW's p ← (1 − ηλ) p (1 for Adam)
  @size(28) first: f32, // 1 on the tensor's first step: m and v start from 0, else 0
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read> hyper: array<Hyper>;
@group(0) @binding(4) var<storage, read> clip: array<f32>; // [N, κ]; any buffer without CLIP
@group(0) @binding(5) var<storage, read_write> m: array<f32>;
@group(0) @binding(6) var<storage, read_write> v: array<f32>;

@compute @workgroup_size(WG)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let h = hyper[params.slot];
  var g = grad[i];
  if (CLIP) {
    g = g * clip[1];
  }
  var p = param[i];
  if (h.weight_decay != 0.0) {
    g = g + h.weight_decay * p;
  }
  p = p * h.decay;
  // Before the first step the buffers hold whatever the pool left (maybe NaN): not read then.
  var m_old = 0.0;
  var v_old = 0.0;
  if (h.first == 0.0) {
    m_old = m[i];
    v_old = v[i];
  }
  let mi = h.beta1 * m_old + h.one_minus_beta1 * g;
  let vi = h.beta2 * v_old + (h.one_minus_beta2 * g) * g;
  m[i] = mi;
  v[i] = vi;
  let denom = sqrt(vi) / h.bc2_sqrt + h.eps;
  param[i] = p + (-h.step_size * mi) / denom;
}
