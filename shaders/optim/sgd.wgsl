// torch.optim.SGD's update of one parameter tensor in place, one invocation per element, in
// PyTorch 1.13's single-tensor order. Twin: src/cpu/optim/sgd.ts; maths: src/core/train/optim.ts.
// This step's numbers (η after the schedule and the group factor, λ, μ, the first-step flag) sit
// in the tensor's slot of `hyper`, which the training step writes once per step before its
// submit: a schedule changes them with no new pipeline, bind group or buffer.
// Entry points:
//   plain:    μ = 0, no state: p ← p − η (g + λ p)
//   momentum: buffer b (b ← d on the tensor's first step, else μ b + (1 − τ) d); Nesterov by
//             the slot's flag. Only this entry names `buf`, so `plain` binds one buffer less.

override WG: u32 = 256;
override CLIP: bool = false; // read g as g · κ, κ = clip[1] (clip.wgsl, earlier in the pass)

struct Params {
  count: u32, // elements of the parameter tensor
  slot: u32,  // its slot in `hyper`
}

// One slot per trainable tensor, 64 bytes (16 × f32; src/gpu/programs/optim/hyper.ts packs it).
struct Hyper {
  lr: f32,           // η of this step for this tensor
  weight_decay: f32, // λ, coupled: d ← g + λ p
  momentum: f32,     // μ
  keep: f32,         // 1 − τ (dampening τ)
  first: f32,        // 1 on the tensor's first step: b ← d (torch's clone), else 0
  @size(44) nesterov: f32, // 1: step along d + μ b instead of b
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> param: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read> hyper: array<Hyper>;
@group(0) @binding(4) var<storage, read> clip: array<f32>; // [N, κ]; any buffer without CLIP
@group(0) @binding(5) var<storage, read_write> buf: array<f32>;

// d = g (· κ) + λ p
fn direction(i: u32, h: Hyper) -> f32 {
  var d = grad[i];
  if (CLIP) {
    d = d * clip[1];
  }
  if (h.weight_decay != 0.0) {
    d = d + h.weight_decay * param[i];
  }
  return d;
}

@compute @workgroup_size(WG)
fn plain(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let h = hyper[params.slot];
  param[i] = param[i] - h.lr * direction(i, h);
}

@compute @workgroup_size(WG)
fn momentum(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_index(gid, nwg, WG);
  if (i >= params.count) {
    return;
  }
  let h = hyper[params.slot];
  var d = direction(i, h);
  var b = d;
  if (h.first == 0.0) {
    b = h.momentum * buf[i] + h.keep * d;
  }
  buf[i] = b;
  if (h.nesterov != 0.0) {
    d = d + h.momentum * b;
  } else {
    d = b;
  }
  param[i] = param[i] - h.lr * d;
}
