// Browser edge: the webcam. Open a stream facing the user or the world, stop every track of it,
// capture the current frame as pixels (mirrored or not), and say in words why a camera failed.

import { keptSize, type DecodedImage } from '../../core/ownImage';
import { sourcePixels } from './decodeImage';

export type Facing = 'user' | 'environment';

export class CameraError extends Error {
  override readonly name = 'CameraError';
}

const UPLOAD = 'You can upload a photo instead.';

/** The sentence for a getUserMedia failure. */
export function cameraMessage(e: unknown): string {
  const name = e instanceof DOMException || e instanceof Error ? e.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return `Camera access was denied. Allow the camera for this page in the browser's site settings and try again. ${UPLOAD}`;
    case 'NotFoundError':
    case 'OverconstrainedError':
      return `No camera was found on this device. ${UPLOAD}`;
    case 'NotReadableError':
    case 'AbortError':
      return `The camera could not be started; another app may be using it. ${UPLOAD}`;
    default:
      return `The camera could not be started (${e instanceof Error ? e.message : String(e)}). ${UPLOAD}`;
  }
}

/** A camera stream; `facing` is a preference, so a laptop's only camera still opens. */
export async function openCamera(facing: Facing): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia)
    throw new CameraError(
      `This browser offers no camera here (it needs a secure https:// page). ${UPLOAD}`,
    );
  try {
    return await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: { ideal: facing }, width: { ideal: 1280 }, height: { ideal: 720 } },
    });
  } catch (e) {
    throw new CameraError(cameraMessage(e));
  }
}

/** Stops every track (the camera light goes off). */
export function stopCamera(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

/** The frame on screen now, as pixels; null before the first frame arrived. */
export function captureFrame(video: HTMLVideoElement, mirror: boolean): DecodedImage | null {
  if (video.readyState < 2 || !video.videoWidth || !video.videoHeight) return null;
  const { width, height } = keptSize(video.videoWidth, video.videoHeight);
  return sourcePixels(video, width, height, mirror);
}
