import type { HeatGrid } from '../model/types';
import type { TradeZone } from '../model/zones';

/**
 * The exports of a heatmap as CSV (RFC 4180 quoting, comma separated, a header row, "\n" after
 * every row including the last, nothing else): the side panel's downloads and `npm run heatmap --
 * --csv-out DIR` write these same bytes. Numbers are plain JavaScript decimals, rounded as said
 * per column; times are epoch milliseconds (UTC), as everywhere in the project's data.
 */

/** Header of heatGridCsv. */
export const HEAT_GRID_CSV_HEADER = ['time', 'price', 'long_usd', 'short_usd'] as const;

/**
 * The heat grid, one row per cell holding at least one cent on either side (an absent cell holds
 * nothing), column by column oldest first, and bottom row first within a column:
 * - time: the start of the cell's column, epoch ms;
 * - price: the LOWER bound of the cell's price row (rows are grid.binSize wide, so the row is
 *   [price, price + binSize)), to 12 significant digits;
 * - long_usd, short_usd: the estimated liquidation notional of the cell, USD, to the cent.
 */
export function heatGridCsv(grid: HeatGrid): string {
  const lines = [csvRow(HEAT_GRID_CSV_HEADER)];
  const { rows, columns } = grid;
  const prices: string[] = [];
  for (let r = 0; r < rows; r++) prices.push(decimal(grid.priceMin + r * grid.binSize));
  for (let c = 0; c < columns; c++) {
    const time = String(grid.columnTimes[c]);
    for (let r = 0; r < rows; r++) {
      const long = grid.long[c * rows + r]!;
      const short = grid.short[c * rows + r]!;
      if (!(long >= 0.005 || short >= 0.005)) continue;
      lines.push(`${time},${prices[r]},${cents(long)},${cents(short)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Header of zonesCsv. */
export const ZONES_CSV_HEADER = [
  'side',
  'price_low',
  'price_high',
  'notional_usd',
  'distance_pct',
  'swept',
  'role',
] as const;

/**
 * The zones, one row each in the order given: side (long | short), the zone's price range
 * (price_low, price_high), notional_usd to the cent, distance_pct (signed distance of the nearer
 * edge from the price, %, to 4 decimals), swept (true | false, see core/model/zones.ts) and role:
 * `nearest`, `strongest`, `nearest+strongest`, or empty.
 */
export function zonesCsv(zones: readonly TradeZone[]): string {
  const lines = [csvRow(ZONES_CSV_HEADER)];
  for (const z of zones) {
    lines.push(
      csvRow([
        z.side,
        decimal(z.priceLow),
        decimal(z.priceHigh),
        cents(z.notionalUsd),
        decimal(Number(z.distancePct.toFixed(4))),
        String(z.swept),
        z.roles.join('+'),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One CSV field: quoted (with inner quotes doubled) when it holds a comma, quote, CR or LF. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvRow = (fields: readonly string[]) => fields.map(csvField).join(',');

/** 12 significant digits, without the float noise of priceMin + r × binSize. */
const decimal = (x: number) => (Number.isFinite(x) ? String(Number(x.toPrecision(12))) : '');

/** USD to the cent, without trailing zeros. */
const cents = (usd: number) => (Number.isFinite(usd) ? String(Math.round(usd * 100) / 100) : '');
