// "The frame after the maps are painted", measured where it ends: a requestAnimationFrame callback
// runs at the start of the next frame, before that frame's style, layout and paint, so stopping a
// clock there leaves the painting of the new pixels out. A message posted from inside the
// callback is delivered after the frame's rendering steps, once the pixels are handed over.

/** Calls `done` after the next frame has been rendered; the returned function cancels it. */
export function afterNextPaint(done: () => void): () => void {
  let live = true;
  const raf = requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      if (live) done();
    };
    channel.port2.postMessage(null);
  });
  return () => {
    live = false;
    cancelAnimationFrame(raf);
  };
}
