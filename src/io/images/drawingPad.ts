// Browser edge: a drawing pad on a canvas, white strokes on black as MNIST's digits are. Pointer
// events, so a mouse, a finger and a pen all draw (the canvas needs `touch-action: none` in CSS so
// a finger draws instead of scrolling). The picture is reported while drawing, at most once per
// animation frame and 30 times a second, and once more when a stroke ends.

import type { DecodedImage } from '../../core/ownImage';
import { frameThrottle } from './frameThrottle';

/** The pad's own pixels: 10 × MNIST's 28, so strokes stay smooth before the recipe shrinks them. */
export const PAD_SIDE = 280;

type Point = readonly [number, number];
interface Stroke {
  readonly size: number;
  readonly points: Point[];
}

export class DrawingPad {
  private strokes: Stroke[] = [];
  private current: Stroke | null = null;
  private brush = 20;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly throttle = frameThrottle(() => this.emit());
  private readonly off: () => void;

  /** `base`, when given, is a picture drawn before (the pad shows it under new strokes). */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly onChange: (image: DecodedImage) => void,
    private base: DecodedImage | null = null,
  ) {
    canvas.width = PAD_SIDE;
    canvas.height = PAD_SIDE;
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    this.ctx = ctx;
    this.redraw();
    const on = <K extends keyof HTMLElementEventMap>(
      type: K,
      fn: (e: HTMLElementEventMap[K]) => void,
    ) => {
      canvas.addEventListener(type, fn);
      return () => canvas.removeEventListener(type, fn);
    };
    const offs = [
      on('pointerdown', (e) => this.down(e)),
      on('pointermove', (e) => this.move(e)),
      on('pointerup', () => this.up()),
      on('pointercancel', () => this.up()),
      on('lostpointercapture', () => this.up()),
    ];
    this.off = () => offs.forEach((f) => f());
  }

  /** Brush diameter in pad pixels (the pad is 280 wide). */
  setBrush(size: number): void {
    this.brush = Math.min(60, Math.max(2, size));
  }

  clear(): void {
    this.strokes = [];
    this.current = null;
    this.base = null;
    this.redraw();
    this.throttle.flush(true);
  }

  /** Removes the last stroke; false when there is none. */
  undoStroke(): boolean {
    if (this.strokes.length === 0) return false;
    this.strokes.pop();
    this.redraw();
    this.throttle.flush(true);
    return true;
  }

  get strokeCount(): number {
    return this.strokes.length;
  }

  destroy(): void {
    this.throttle.cancel();
    this.off();
  }

  private at(e: PointerEvent): Point {
    const r = this.canvas.getBoundingClientRect();
    return [
      ((e.clientX - r.left) / (r.width || 1)) * PAD_SIDE,
      ((e.clientY - r.top) / (r.height || 1)) * PAD_SIDE,
    ];
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0 && e.pointerType === 'mouse') return;
    e.preventDefault();
    this.canvas.setPointerCapture?.(e.pointerId);
    this.current = { size: this.brush, points: [this.at(e)] };
    this.strokes.push(this.current);
    this.segment(this.current, 0);
    this.throttle.schedule();
  }

  private move(e: PointerEvent): void {
    const s = this.current;
    if (!s) return;
    // Coalesced events: every sample the pen made since the last frame, for smooth curves.
    const events = e.getCoalescedEvents?.() ?? [];
    for (const ev of events.length ? events : [e]) {
      s.points.push(this.at(ev));
      this.segment(s, s.points.length - 1);
    }
    this.throttle.schedule();
  }

  private up(): void {
    if (!this.current) return;
    this.current = null;
    this.throttle.flush(true);
  }

  /** Draws the piece of stroke `s` ending at point i (a dot for the first). */
  private segment(s: Stroke, i: number): void {
    const { ctx } = this;
    const [x, y] = s.points[i];
    const [px, py] = s.points[Math.max(0, i - 1)];
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = s.size;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(px, py);
    ctx.lineTo(x + (i === 0 ? 0.01 : 0), y);
    ctx.stroke();
  }

  private redraw(): void {
    const { ctx } = this;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, PAD_SIDE, PAD_SIDE);
    if (this.base) {
      const { pixels, width, height } = this.base;
      const tmp = new OffscreenCanvas(width, height);
      tmp
        .getContext('2d')
        ?.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
      ctx.drawImage(tmp, 0, 0, PAD_SIDE, PAD_SIDE);
    }
    for (const s of this.strokes) for (let i = 0; i < s.points.length; i++) this.segment(s, i);
  }

  private emit(): void {
    const pixels = this.ctx.getImageData(0, 0, PAD_SIDE, PAD_SIDE).data;
    this.onChange({ pixels, width: PAD_SIDE, height: PAD_SIDE });
  }
}
