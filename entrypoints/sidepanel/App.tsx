import { useEffect, useMemo, useState } from 'preact/hooks';
import { CrosshairReadout } from '@/components/CrosshairReadout';
import { DepthLegend } from '@/components/DepthLegend';
import { HeatLegend } from '@/components/HeatLegend';
import { LiquidationHours, LiveScorePanel } from '@/components/LiveScorePanel';
import { ScoreNote } from '@/components/ScoreNote';
import { SyncProgress } from '@/components/SyncProgress';
import { SyncStatusLine } from '@/components/SyncStatusLine';
import { type CrosshairReading, StudyChart, type StudyChartHandle } from '@/components/study/StudyChart';
import { ZoneList } from '@/components/ZoneList';
import type { DepthRows, DepthSource } from '@/core/depth/depthRows';
import type { LiveDepth } from '@/core/depth/types';
import { zonePaths } from '@/core/depth/zonePath';
import { type Message, SIDE_PANEL_PORT } from '@/core/messaging';
import { oiGapNote } from '@/core/model/oiGapNote';
import { type TradeZone, tradeZones } from '@/core/model/zones';
import { DEPTH_STALE_MS } from '@/core/overlay/depthProfile';
import { depthColorScale } from '@/core/render/depthColors';
import { formatTickPrice } from '@/core/render/format';
import { heatScale } from '@/core/render/heatScale';
import { DEPTH_LAYERS, type DepthLayer } from '@/core/settings';
import { windowLabel } from '@/core/sync/history';
import { focusZoneItem } from '@/utils/alerts';
import { loadLiveDepth, watchLiveDepth } from '@/utils/depth';
import {
  liveScoreItem,
  loadEstimate,
  loadZoneConfidence,
  type StoredLiveScore,
  type StoredZoneConfidence,
  watchEstimate,
  zoneConfidenceItem,
} from '@/utils/estimate';
import { chartPng, download, downloadCsvs, exportStem } from '@/utils/exports';
import { type HeatmapView, loadHeatmapView } from '@/utils/heatmapView';
import { latestOnly } from '@/utils/latestOnly';
import { livePriceItem, streamHealthItem } from '@/utils/livePrice';
import { updateSettings, watchSettings } from '@/utils/settings';
import { type ProgressByExchange, syncProgressItem } from '@/utils/syncProgress';
import './style.css';

const CHART_HEIGHT = 440;

const DEPTH_LAYER_LABELS: Record<DepthLayer, string> = {
  off: 'Off',
  under: 'Under the heat',
  instead: 'Instead of the heat',
};

/** The depth layer's place, persisted in settings.depthLayer. */
function DepthLayerControl({ layer, note }: { layer: DepthLayer; note: string | undefined }) {
  return (
    <fieldset class="depth-layer">
      <legend>Order-book depth</legend>
      {DEPTH_LAYERS.map((choice) => (
        <label key={choice}>
          <input
            type="radio"
            name="depthLayer"
            value={choice}
            checked={layer === choice}
            onChange={() => void updateSettings({ depthLayer: choice })}
          />
          {DEPTH_LAYER_LABELS[choice]}
        </label>
      ))}
      {note && <p class="problem depth-note">{note}</p>}
    </fieldset>
  );
}

/** The live depth, when it is this market's and the worker still publishes it. */
function freshLiveDepth(depth: LiveDepth | undefined, symbol: string): LiveDepth | undefined {
  return depth && depth.symbol === symbol && Date.now() - depth.time <= DEPTH_STALE_MS ? depth : undefined;
}

/** The freshest mark price the streams brought, newer than the last 5-minute bar. */
function LivePrice({
  prices,
  symbol,
}: {
  prices: Record<string, { price: number; at: number }>;
  symbol: string;
}) {
  const latest = Object.entries(prices)
    .filter(([key]) => key.endsWith(`:${symbol}`))
    .sort((a, b) => b[1].at - a[1].at)[0];
  if (!latest) return null;
  const [key, { price, at }] = latest;
  return (
    <p class="live-price muted" data-live-price={price}>
      Live mark {price.toLocaleString('en-US', { maximumFractionDigits: 1 })} ({key.split(':')[0]},{' '}
      {new Date(at).toISOString().slice(11, 19)} UTC)
    </p>
  );
}

/**
 * The side panel, the study view: a lightweight-charts chart with candles, the heatmap and the
 * liquidation-map profile; the crosshair readout; the legend; zones to act on; exports; the
 * data's freshness and the engine's score. It never shows an empty chart without saying why.
 * Recorded order-book depth comes from `depthSource` (drawn under or instead of the heat, as
 * settings.depthLayer says); without one the depth layer and its CSV say they are not available.
 */
export function App({ depthSource }: { depthSource?: DepthSource } = {}) {
  const [view, setView] = useState<HeatmapView | undefined>();
  const [progress, setProgress] = useState<ProgressByExchange>({});
  const [reading, setReading] = useState<CrosshairReading | undefined>();
  const [chart, setChart] = useState<StudyChartHandle | undefined>();
  const [livePrices, setLivePrices] = useState<Record<string, { price: number; at: number }>>({});
  const [streamHealth, setStreamHealth] = useState<{ problem: string; at: number } | null>(null);

  const [liveScore, setLiveScore] = useState<StoredLiveScore | null>(null);
  const [zoneConfidence, setZoneConfidence] = useState<StoredZoneConfidence | undefined>();
  const [liveDepth, setLiveDepth] = useState<LiveDepth | undefined>();
  // Re-rendered every few seconds so the freshness check below runs though nothing is published.
  const [, setDepthCheckedAt] = useState(0);
  const [depthRows, setDepthRows] = useState<{ rows: DepthRows | undefined; problem?: string } | undefined>();

  // Only the newest load lands: a slow one started before a settings change never paints over it.
  // The grid is computed here, up to the moment the worker published for every view (its asOf),
  // so the panel and the chart show the same moment.
  const reload = useMemo(() => {
    const load = latestOnly(async (signal: AbortSignal) => {
      const published = await loadEstimate();
      const until = published?.reply.ok ? published.reply.asOf : undefined;
      const view = await loadHeatmapView(signal, { until });
      // Published for another market (the worker is switching): the panel's own moment stands.
      return published?.symbol === view.settings.symbol || until === undefined
        ? view
        : loadHeatmapView(signal);
    });
    return () => void load(setView).catch((error: unknown) => console.error('HeatBands side panel:', error));
  }, []);

  useEffect(() => {
    reload();
    // A new estimate published (new bars, new liquidations, other settings): the panel follows.
    const unwatchEstimate = watchEstimate(reload);
    void liveScoreItem.getValue().then(setLiveScore);
    const unwatchScore = liveScoreItem.watch((score) => setLiveScore(score ?? null));
    const unwatch = watchSettings(reload);
    void syncProgressItem.getValue().then(setProgress);
    // While this port is open the worker streams (real liquidations, live price).
    const port = browser.runtime.connect({ name: SIDE_PANEL_PORT });
    const unwatchProgress = syncProgressItem.watch((p) => setProgress(p ?? {}));
    void livePriceItem.getValue().then(setLivePrices);
    void streamHealthItem.getValue().then(setStreamHealth);
    const unwatchHealth = streamHealthItem.watch((h) => setStreamHealth(h ?? null));
    const unwatchPrice = livePriceItem.watch((p) => setLivePrices(p ?? {}));
    // The worker publishes the live book once a second: the zones' paths follow it.
    void loadLiveDepth().then(setLiveDepth);
    const unwatchDepth = watchLiveDepth(setLiveDepth);
    // A worker that stops publishing sends nothing: look again so old paths are not shown as live.
    const staleCheck = setInterval(() => setDepthCheckedAt(Date.now()), DEPTH_STALE_MS / 2);
    return () => {
      unwatchDepth();
      clearInterval(staleCheck);
      unwatchEstimate();
      unwatchScore();
      unwatch();
      unwatchProgress();
      unwatchPrice();
      unwatchHealth();
      port.disconnect();
    };
  }, [reload]);

  const result = view?.result;
  const threshold = view?.settings.threshold;
  const scale = useMemo(
    () => (result ? heatScale(result.grid, { threshold }) : undefined),
    [result, threshold],
  );
  const zones = useMemo(() => (result ? tradeZones(result.grid, result.zones) : []), [result]);
  // The zones' confidence the worker measured once an hour, for this market and window.
  const symbol = view?.settings.symbol;
  const windowId = view?.settings.window;
  useEffect(() => {
    if (symbol === undefined || windowId === undefined) return;
    const read = () => void loadZoneConfidence(symbol, windowId).then(setZoneConfidence);
    read();
    return zoneConfidenceItem.watch(read);
  }, [symbol, windowId]);

  // The recorded depth on the grid's cells, while the layer is on: one load per grid, the newest lands.
  const depthLayer = view?.settings.depthLayer ?? 'off';
  const exchangesKey = view?.settings.exchanges.join(',');
  useEffect(() => {
    setDepthRows(undefined);
    if (depthLayer === 'off' || !result || !view || !depthSource) return;
    const controller = new AbortController();
    const { grid } = result;
    depthSource
      .loadRows(controller.signal, {
        symbol: view.settings.symbol,
        exchanges: view.settings.exchanges,
        grid,
        from: grid.columnTimes[0] ?? grid.timeEnd,
        to: grid.timeEnd,
      })
      .then(
        (rows) => {
          if (controller.signal.aborted) return;
          setDepthRows(
            rows
              ? { rows }
              : { rows: undefined, problem: 'No order-book depth recorded for this window yet.' },
          );
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setDepthRows({
            rows: undefined,
            problem: `Could not read the recorded depth: ${error instanceof Error ? error.message : error}`,
          });
        },
      );
    return () => controller.abort();
  }, [result, depthLayer, exchangesKey, depthSource]);
  // Rows made for another grid (a newer one is loading) are not drawn.
  const shownRows =
    depthRows?.rows &&
    result &&
    depthRows.rows.cols === result.grid.columns &&
    depthRows.rows.rows === result.grid.rows
      ? depthRows.rows
      : undefined;
  const depthScale = useMemo(() => (shownRows ? depthColorScale(shownRows) : undefined), [shownRows]);
  const depthLayerData = useMemo(
    () =>
      shownRows && depthScale && result
        ? { depth: shownRows, scale: depthScale, grid: result.grid }
        : undefined,
    [shownRows, depthScale, result],
  );
  const liveHere = symbol ? freshLiveDepth(liveDepth, symbol) : undefined;
  const paths = useMemo(() => {
    if (!liveHere || !result || !view) return undefined;
    const followed = liveHere.books.filter(
      (b) => view.settings.exchanges.includes(b.exchange) && b.health.state === 'live',
    );
    // From the live book's own mid (the depth is now), the last bar's close when no book is live.
    const price =
      followed.length > 0 ? followed.reduce((sum, b) => sum + b.mid, 0) / followed.length : result.price;
    return zonePaths(zones, price, liveHere, view.settings.exchanges);
  }, [liveHere, zones, result, exchangesKey]);

  // Opened from an alert: centre on the zone it was about, once.
  useEffect(() => {
    if (!chart || !result) return;
    void focusZoneItem.getValue().then((focus) => {
      if (!focus || focus.symbol !== view?.settings.symbol) return;
      chart.centreOn(focus.priceLow, focus.priceHigh);
      return focusZoneItem.setValue(null);
    });
  }, [chart, result]);

  if (!view) return <main class="loading">Loading cached data…</main>;
  const { settings, statuses, problem, fallbackNote } = view;

  const selectZone = (zone: TradeZone) => {
    chart?.centreOn(zone.priceLow, zone.priceHigh);
    // An open trading page's overlay highlights the same band.
    const highlight: Message = {
      type: 'highlight-zone',
      symbol: settings.symbol,
      side: zone.side,
      priceLow: zone.priceLow,
      priceHigh: zone.priceHigh,
    };
    browser.runtime.sendMessage(highlight).catch(() => {});
  };
  const exportPng = async () => {
    if (!chart || !result || !scale) return;
    const at = new Date(result.at).toISOString().slice(0, 16).replace('T', ' ');
    const title = `${settings.symbol} · ${result.window} · ${at} UTC · HeatBands estimate`;
    download(`${exportStem(settings.symbol, result)}.png`, await chartPng(chart.screenshot(), title, scale));
  };
  const exportDepthCsv = () => {
    if (!depthSource || !result) return;
    const { grid } = result;
    depthSource
      .exportCsv({
        symbol: settings.symbol,
        exchanges: settings.exchanges,
        grid,
        from: grid.columnTimes[0] ?? grid.timeEnd,
        to: grid.timeEnd,
        stem: `${exportStem(settings.symbol, result)}-depth`,
      })
      .catch((error: unknown) => console.error('HeatBands depth CSV:', error));
  };
  const depthNote =
    settings.depthLayer === 'off'
      ? undefined
      : !depthSource
        ? 'Recorded depth is not available in this build.'
        : depthRows?.problem;

  return (
    <main>
      <header>
        <h1>HeatBands</h1>
        <span class="title">
          {settings.symbol} · {windowLabel(result?.window ?? settings.window)} ·{' '}
          {settings.exchanges.join(' + ')}
        </span>
      </header>
      <SyncStatusLine statuses={statuses} now={Date.now()} />
      <SyncProgress progress={progress} window={settings.window} />
      {problem && <p class="problem">{problem}</p>}
      {streamHealth && <p class="problem stream-health">{streamHealth.problem}</p>}
      {fallbackNote && <p class="problem fallback">{fallbackNote}</p>}
      {result && scale && (
        <>
          <p class="price" data-price={result.price}>
            Price {formatTickPrice(result.price, view?.tickSize)} at{' '}
            {new Date(result.at).toISOString().slice(0, 16).replace('T', ' ')} UTC
          </p>
          <LivePrice prices={livePrices} symbol={settings.symbol} />
          <StudyChart
            symbol={settings.symbol}
            result={result}
            scale={scale}
            liquidations={view.liquidations}
            depth={depthLayerData}
            depthLayer={settings.depthLayer}
            height={CHART_HEIGHT}
            onCrosshair={setReading}
            onReady={(handle) => {
              setChart(handle);
              // Read-only, for the e2e pixel check: the chart's own price/time → pixel mapping.
              (globalThis as { heatbandsStudy?: StudyChartHandle }).heatbandsStudy = handle;
            }}
          />
          <CrosshairReadout reading={reading} depth={settings.depthLayer === 'off' ? undefined : shownRows} />
          {!(settings.depthLayer === 'instead' && depthScale) && <HeatLegend scale={scale} />}
          <DepthLayerControl layer={settings.depthLayer} note={depthNote} />
          {settings.depthLayer !== 'off' && depthScale && <DepthLegend scale={depthScale} />}
          <div class="exports">
            <button type="button" name="export-png" onClick={() => void exportPng()}>
              PNG
            </button>
            <button
              type="button"
              name="export-csv"
              onClick={() => downloadCsvs(settings.symbol, result, zones)}
            >
              CSV (grid and zones)
            </button>
            <button
              type="button"
              name="export-depth-csv"
              disabled={!depthSource}
              title={
                depthSource
                  ? "The window's recorded order-book depth columns"
                  : 'Recorded depth is not available in this build'
              }
              onClick={exportDepthCsv}
            >
              Depth CSV
            </button>
          </div>
          {result.oiGaps.map((gap) => (
            <p class="problem gap" key={`${gap.exchange}:${gap.from}`}>
              {oiGapNote(gap)}
            </p>
          ))}
          <ZoneList
            zones={zones}
            confidence={zoneConfidence?.table}
            paths={paths}
            tickSize={view?.tickSize}
            onSelect={selectZone}
          />
          <LiveScorePanel
            score={
              liveScore?.symbol === settings.symbol && liveScore.window === settings.window
                ? (liveScore.score ?? undefined)
                : undefined
            }
            liquidations={view.liquidations}
            {...(liveScore?.symbol === settings.symbol && liveScore.window === settings.window
              ? { scoredTo: liveScore.scoredTo, depth: liveScore.depth ?? null }
              : {})}
          />
          <LiquidationHours liquidations={view.liquidations} />
        </>
      )}
      <ScoreNote />
      <footer class="muted">
        Estimates from public open interest and price data, not positions. The relative strength of zones is
        the signal.
      </footer>
    </main>
  );
}
