import { useEffect, useRef } from 'preact/hooks';
import type { LiquidationProfile } from '@/core/model/types';
import { prepareCanvas } from './canvas';

/**
 * The liquidation map beside the heatmap, sharing its price rows: per-row long notional below
 * the current price and short notional above, with the cumulative totals as lines.
 */
export function ProfileChart({
  profile,
  priceMax,
  width,
  height,
}: {
  profile: LiquidationProfile;
  priceMax: number;
  width: number;
  height: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = prepareCanvas(ref.current, width, height, '#08080c');
    if (!ctx) return;
    const { rows, priceMin } = profile;
    const span = priceMax - priceMin;
    let maxRow = 0;
    let maxCum = 0;
    for (let r = 0; r < rows; r++) {
      maxRow = Math.max(maxRow, profile.long[r]!, profile.short[r]!);
      maxCum = Math.max(maxCum, profile.cumulativeLong[r]!, profile.cumulativeShort[r]!);
    }
    if (maxRow <= 0) return;
    const rowH = height / rows;
    for (let r = 0; r < rows; r++) {
      const y = height - (r + 1) * rowH;
      const l = profile.long[r]!;
      const s = profile.short[r]!;
      if (l > 0) {
        ctx.fillStyle = '#ff5d73';
        ctx.fillRect(0, y, (l / maxRow) * width, Math.max(1, rowH));
      }
      if (s > 0) {
        ctx.fillStyle = '#3ddc97';
        ctx.fillRect(0, y, (s / maxRow) * width, Math.max(1, rowH));
      }
    }
    if (maxCum > 0) {
      ctx.strokeStyle = '#ffe066';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      for (let r = 0; r < rows; r++) {
        const v = Math.max(profile.cumulativeLong[r]!, profile.cumulativeShort[r]!);
        const x = (v / maxCum) * width;
        const y = height - (r + 0.5) * rowH;
        if (r === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.stroke();
    }
    const py = height - ((profile.price - priceMin) / span) * height;
    ctx.strokeStyle = '#ffffff';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(0, py);
    ctx.lineTo(width, py);
    ctx.stroke();
  }, [profile, priceMax, width, height]);
  return <canvas ref={ref} style={{ width: `${width}px`, height: `${height}px`, display: 'block' }} />;
}
