/**
 * Sizes a canvas for crisp drawing at the screen's pixel ratio, clears it to `background`, and
 * returns a context whose units are CSS pixels; undefined when the canvas cannot draw.
 */
export function prepareCanvas(
  canvas: HTMLCanvasElement | null,
  width: number,
  height: number,
  background: string,
): CanvasRenderingContext2D | undefined {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return undefined;
  const dpr = globalThis.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  return ctx;
}
