// Linear invocation index for 1-D work split over a 2-D dispatch (see grid1d in
// src/gpu/programs/program.ts): x varies fastest.
fn linear_index(gid: vec3u, nwg: vec3u, wg_size: u32) -> u32 {
  return gid.x + gid.y * nwg.x * wg_size;
}
