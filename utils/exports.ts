import type { HeatmapResult } from '@/core/model/types';
import type { TradeZone } from '@/core/model/zones';
import { heatGridCsv, zonesCsv } from '@/core/render/csv';
import type { HeatScale } from '@/core/render/heatScale';

/** Downloads a blob from an extension page, no permission needed (an <a download> click). */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file-name stem: symbol, window, and the estimate's time, e.g. BTCUSDT-12h-2026-06-02T1200Z. */
export function exportStem(symbol: string, result: HeatmapResult): string {
  const at = new Date(result.at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `heatbands-${symbol}-${result.window}-${at}Z`;
}

export function downloadCsvs(symbol: string, result: HeatmapResult, zones: readonly TradeZone[]): void {
  const stem = exportStem(symbol, result);
  download(`${stem}-grid.csv`, new Blob([heatGridCsv(result.grid)], { type: 'text/csv' }));
  download(`${stem}-zones.csv`, new Blob([zonesCsv(zones)], { type: 'text/csv' }));
}

/** The chart as drawn, with a title (symbol, window, time) above and the colour legend below. */
export async function chartPng(chart: HTMLCanvasElement, title: string, scale: HeatScale): Promise<Blob> {
  const head = 28;
  const legendRows = 2;
  const foot = 22 * legendRows + 8;
  const canvas = document.createElement('canvas');
  canvas.width = chart.width;
  canvas.height = chart.height + head + foot;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#0b0b12';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(chart, 0, head);
  g.font = 'bold 14px system-ui, sans-serif';
  g.fillStyle = '#eef1f6';
  g.fillText(title, 8, 19);
  g.font = '11px system-ui, sans-serif';
  (['short', 'long'] as const).forEach((side, i) => {
    let x = 8;
    const y = head + chart.height + 8 + i * 22;
    g.fillStyle = '#a0a0b8';
    g.fillText(side === 'long' ? 'Longs' : 'Shorts', x, y + 12);
    x += 48;
    for (const entry of scale.legend[side]) {
      g.fillStyle = entry.color;
      g.fillRect(x, y + 2, 12, 12);
      g.fillStyle = '#c8c8d8';
      g.fillText(entry.label, x + 16, y + 12);
      x += 24 + g.measureText(entry.label).width;
    }
  });
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be made'))),
      'image/png',
    ),
  );
}
