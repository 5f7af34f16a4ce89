import type { ExchangeId } from '../exchanges/types';
import type { HeatGrid } from '../model/types';
import type { DepthRows } from './depthColumns';

/**
 * Recorded depth laid on the liquidation grid's price rows and columns, as the side panel's depth
 * layer draws it. core/depth/depthColumns.ts `depthOnRows(columns, layout, targetColumns)` makes
 * it from the stored 10 s columns (core/storage/depth.ts `readDepthColumns`); this declaration is
 * the panel's side of that contract, so the panel builds and tests without the producer.
 *
 * One value per cell, cell index `column * rows + row` (the heat grid's layout: row 0 is the
 * grid's lowest price row, `priceMin`). Sizes are USD; `stood` is seconds some size stood there;
 * `known` is 1 where some book's reach covered the cell, 0 where none did (its sizes mean nothing
 * and are never drawn or read as empty).
 */
export type { DepthRows } from './depthColumns';

/** Which of a cell's sizes the layer paints: the time-weighted mean (default) or the largest seen. */
export type DepthValue = 'mean' | 'max';

/** What the panel asks of the recorded depth: the window its grid shows, on the grid's rows. */
export interface DepthRowsRequest {
  symbol: string;
  exchanges: readonly ExchangeId[];
  /** The grid whose rows and columns the depth is laid on (its columnTimes and price rows). */
  grid: HeatGrid;
  /** The window, epoch ms: the grid's first column start and its end. */
  from: number;
  to: number;
}

/**
 * Where the side panel gets recorded depth (wired by whoever builds the panel, entrypoints/sidepanel/
 * main.tsx): rows for the layer and the crosshair, and the CSV of the depth columns.
 */
export interface DepthSource {
  loadRows(signal: AbortSignal, request: DepthRowsRequest): Promise<DepthRows | undefined>;
  /** Downloads the window's recorded depth columns as CSV; `stem` names the file like the heat's. */
  exportCsv(request: DepthRowsRequest & { stem: string }): Promise<void>;
}

/** The depth in one cell: bid and ask USD (the chosen value), or undefined when unknown or outside. */
export function depthAt(
  depth: DepthRows,
  column: number,
  row: number,
  value: DepthValue = 'mean',
): { bidUsd: number; askUsd: number; stoodSec: number } | undefined {
  if (column < 0 || column >= depth.cols || row < 0 || row >= depth.rows) return undefined;
  const cell = column * depth.rows + row;
  if (depth.known[cell] !== 1) return undefined;
  return {
    bidUsd: (value === 'max' ? depth.bidMax : depth.bidMean)[cell]!,
    askUsd: (value === 'max' ? depth.askMax : depth.askMean)[cell]!,
    stoodSec: depth.stood[cell]!,
  };
}
