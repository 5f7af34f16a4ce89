import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBarCsv } from '@/core/data/bars';
import type { KeyZoneMessage } from '@/core/messaging';
import { computeMultiExchangeHeatmap } from '@/core/model';
import type { HeatGrid } from '@/core/model/types';
import { keyZones } from '@/core/model/zones';
import { heatScale } from '@/core/render/heatScale';
import { heatBands } from './bands';
import type { PaneMapping } from './chartGeometry';
import { zoneMarks } from './zoneMarks';

/** A 5-minute chart showing the whole grid: its columns across 800 px, its prices over 600 px. */
function paneOver(grid: HeatGrid, prices = { top: grid.priceMax, bottom: grid.priceMin }): PaneMapping {
  const spacing = 800 / grid.columns;
  return {
    time: { anchorX: 0, anchorTime: grid.timeStart / 1000, spacing, intervalS: 300 },
    price: { mode: 0, top: prices.top, bottom: prices.bottom, bottomRow: 599 },
    width: 800,
    height: 600,
  };
}

/** The demo slice at 2026-06-02 15:15 UTC, both exchanges, as the worker computes it (see e2e/overlay-heat). */
function lopsidedMoment() {
  const csv = resolve(import.meta.dirname, '../../tools/demo-data/btcusdt-5m-2026-06-01_2026-06-03.csv');
  const parsed = parseBarCsv(readFileSync(csv, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.error);
  const bars = parsed.value.bars.filter((b) => b.time <= Date.UTC(2026, 5, 2, 15, 15));
  return computeMultiExchangeHeatmap(
    new Map([
      ['binance', bars],
      ['bybit', bars],
    ] as const),
    { window: '12h' },
  );
}

const zone = (side: 'long' | 'short', priceLow: number, priceHigh: number): KeyZoneMessage => ({
  side,
  priceLow,
  priceHigh,
  notionalUsd: 1e6,
  distancePct: side === 'long' ? -1 : 1,
  intensity: 0.5,
  roles: [],
});

describe('zoneMarks: every listed zone in view is on the chart', () => {
  const asOf = Date.UTC(2026, 5, 2, 12);
  const mapping: PaneMapping = {
    time: { anchorX: 700, anchorTime: asOf / 1000 - 300, spacing: 8, intervalS: 300 },
    price: { mode: 0, top: 70_000, bottom: 66_000, bottomRow: 599 },
    width: 800,
    height: 600,
  };
  const live = { timeStart: asOf - 3_600_000, timeEnd: asOf, intensity: 1, level: 6 };

  it('marks a zone a live band of its side covers as a band, one no band reaches as outlined', () => {
    const covered = zone('short', 68_000, 68_200);
    const bare = zone('short', 69_000, 69_200);
    const marks = zoneMarks(
      [covered, bare],
      [{ side: 'short', priceLow: 68_100, priceHigh: 68_140, ...live }],
      mapping,
      asOf,
    );
    expect(marks.map((m) => m.mark)).toEqual(['band', 'outline']);
  });

  it('does not take a band of the other side, or one that ended, for the zone', () => {
    const z = zone('long', 67_000, 67_200);
    const marks = zoneMarks(
      [z],
      [
        { side: 'short', priceLow: 67_000, priceHigh: 67_200, ...live },
        { side: 'long', priceLow: 67_000, priceHigh: 67_200, ...live, timeEnd: asOf - 600_000 },
      ],
      mapping,
      asOf,
    );
    expect(marks[0]!.mark).toBe('outline');
  });

  it('leaves zones above or below the pane out of view', () => {
    const marks = zoneMarks([zone('short', 71_000, 71_200), zone('long', 60_000, 60_100)], [], mapping, asOf);
    expect(marks.map((m) => m.mark)).toEqual(['out-of-view', 'out-of-view']);
  });

  it('on real data with one side ten times the other near the price: each listed zone is banded or outlined, both sides', () => {
    const result = lopsidedMoment();
    const { grid } = result;
    const threshold = 0.6;
    const scale = heatScale(grid, { threshold });
    const bands = heatBands(grid, scale, { maxBands: 300 });
    const zones = keyZones(result.zones);
    const marks = zoneMarks(zones, bands, paneOver(grid), grid.timeEnd);
    expect(marks.map((m) => m.mark)).not.toContain('out-of-view');
    for (const side of ['long', 'short'] as const) {
      expect(marks.filter((m) => m.zone.side === side).length, side).toBeGreaterThan(0);
    }
    // A zone whose peak reaches the threshold of its side is drawn as a band; under it, outlined.
    for (const { zone: z, mark } of marks) {
      const peak = z.intensity * scale[z.side].maxUsd;
      if (peak >= scale[z.side].thresholdUsd * 1.0001) expect(mark, JSON.stringify(z)).toBe('band');
      if (mark === 'outline') expect(peak).toBeLessThan(scale[z.side].thresholdUsd * 1.0001);
    }
  });
});
