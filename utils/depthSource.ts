import { type DepthRows, depthOnRows, foldDepthColumns } from '@/core/depth/depthColumns';
import type { DepthRowsRequest, DepthSource } from '@/core/depth/depthRows';
import type { DepthColumn } from '@/core/depth/types';
import { depthColumnsToCsv } from '@/core/render/depthCsv';
import { openHeatBandsDb } from '@/core/storage/db';
import { readDepthColumns } from '@/core/storage/depth';
import { download } from './exports';

/**
 * The side panel's recorded depth, from the worker's IndexedDB recording (core/storage/depth.ts):
 * the followed exchanges' 10 s columns of the window, laid on the heat grid's rows and columns and
 * summed over the exchanges. A cell counts as known when some exchange's book reached it; its
 * sizes are the sum over the exchanges that did (the legend says which exchanges are summed).
 */
async function readColumns(request: DepthRowsRequest): Promise<DepthColumn[][]> {
  const db = await openHeatBandsDb();
  try {
    return await Promise.all(
      request.exchanges.map((exchange) =>
        readDepthColumns(db, exchange, request.symbol, request.from, request.to),
      ),
    );
  } finally {
    db.close();
  }
}

/** Sums per-exchange depth rows cell by cell, over the exchanges that know the cell. */
export function sumDepthRows(parts: readonly DepthRows[]): DepthRows | undefined {
  const first = parts[0];
  if (!first) return undefined;
  const n = first.rows * first.cols;
  const out: DepthRows = {
    rows: first.rows,
    cols: first.cols,
    bidMax: new Float32Array(n).fill(Number.NaN),
    askMax: new Float32Array(n).fill(Number.NaN),
    bidMean: new Float32Array(n).fill(Number.NaN),
    askMean: new Float32Array(n).fill(Number.NaN),
    stood: new Float32Array(n).fill(Number.NaN),
    known: new Uint8Array(n),
    misfit: 0,
  };
  for (const part of parts) {
    out.misfit += part.misfit;
    for (let i = 0; i < n; i++) {
      if (!part.known[i]) continue;
      const had = out.known[i] === 1;
      out.known[i] = 1;
      out.bidMax[i] = (had ? out.bidMax[i]! : 0) + part.bidMax[i]!;
      out.askMax[i] = (had ? out.askMax[i]! : 0) + part.askMax[i]!;
      out.bidMean[i] = (had ? out.bidMean[i]! : 0) + part.bidMean[i]!;
      out.askMean[i] = (had ? out.askMean[i]! : 0) + part.askMean[i]!;
      out.stood[i] = Math.max(had ? out.stood[i]! : 0, part.stood[i]!);
    }
  }
  return out;
}

/** The depth CSV's column span (core/render/depthCsv.ts reads any span). */
const EXPORT_SPAN_MS = 60_000;

export const recordedDepthSource: DepthSource = {
  async loadRows(signal, request) {
    const perExchange = await readColumns(request);
    if (signal.aborted || perExchange.every((c) => c.length === 0)) return undefined;
    const { grid } = request;
    // The grid's rows as a layout of one "book bin" per row: rows start at priceMin, binSize apart.
    const layout = { rowBaseBin: Math.round(grid.priceMin / grid.binSize), factor: 1, rows: grid.rows };
    const spanMs =
      grid.columns > 1 ? grid.columnTimes[1]! - grid.columnTimes[0]! : grid.timeEnd - grid.timeStart;
    const target = { times: grid.columnTimes, spanMs };
    return sumDepthRows(perExchange.map((columns) => depthOnRows(columns, layout, grid.binSize, target)));
  },
  async exportCsv(request) {
    // One-minute columns: 12 h of three books at 10 s would be a 226 MB file.
    const columns = foldDepthColumns((await readColumns(request)).flat(), EXPORT_SPAN_MS);
    download(`${request.stem}-depth.csv`, new Blob([depthColumnsToCsv(columns)], { type: 'text/csv' }));
  },
};
