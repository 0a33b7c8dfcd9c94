import { useEffect, useRef, useState } from 'react';
import { captureFrame, openCamera, stopCamera, type Facing } from '../../../io/images/camera';
import { setOwnImage } from '../../../state/ownImageActions';

/**
 * The live camera for one facing. Remounted (key) when the facing changes; the tracks stop when
 * it unmounts: another source, another input mode, or the panel closing.
 */
function LiveCamera({ facing, mirror }: { facing: Facing; mirror: boolean }) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<{ live: boolean; error: string | null }>({
    live: false,
    error: null,
  });
  useEffect(() => {
    let stream: MediaStream | null = null;
    let gone = false;
    openCamera(facing).then(
      (s) => {
        if (gone) return stopCamera(s);
        stream = s;
        const v = video.current;
        if (v) {
          v.srcObject = s;
          void v.play().catch(() => undefined);
        }
      },
      (e: unknown) => !gone && setState({ live: false, error: (e as Error).message }),
    );
    return () => {
      gone = true;
      stopCamera(stream);
    };
  }, [facing]);
  const capture = () => {
    const v = video.current;
    const frame = v && captureFrame(v, mirror);
    if (!frame) return;
    setOwnImage({ ...frame, source: 'camera', name: 'camera photo' });
  };
  if (state.error)
    return (
      <p className="notice own-camera-error" role="alert" data-testid="camera-error">
        {state.error}
      </p>
    );
  return (
    <div className="own-camera">
      <video
        ref={video}
        playsInline
        muted
        autoPlay
        className={mirror ? 'mirrored' : undefined}
        aria-label="Camera preview"
        data-testid="camera-video"
        // Capture is offered once a frame is there to capture.
        onLoadedData={() => setState({ live: true, error: null })}
      />
      <button
        type="button"
        className="primary"
        data-testid="camera-capture"
        disabled={!state.live}
        onClick={capture}
      >
        {state.live ? 'Capture' : 'Starting the camera…'}
      </button>
    </div>
  );
}

/** The webcam: live preview, capture a frame, choose the camera, mirror. */
export function CameraPane() {
  const [facing, setFacing] = useState<Facing>('user');
  const [mirror, setMirror] = useState(true);
  return (
    <div className="own-pane" data-testid="own-camera">
      <LiveCamera key={facing} facing={facing} mirror={mirror} />
      <div className="own-row">
        <label className="field inline">
          camera
          <select
            value={facing}
            data-testid="camera-facing"
            onChange={(e) => {
              const f = e.target.value as Facing;
              setFacing(f);
              setMirror(f === 'user');
            }}
          >
            <option value="user">front (facing you)</option>
            <option value="environment">back</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={mirror}
            data-testid="camera-mirror"
            onChange={(e) => setMirror(e.target.checked)}
          />
          mirror
        </label>
      </div>
    </div>
  );
}
