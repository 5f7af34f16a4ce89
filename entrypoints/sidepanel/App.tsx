import { useEffect, useMemo, useState } from 'preact/hooks';
import { CrosshairReadout } from '@/components/CrosshairReadout';
import { HeatLegend } from '@/components/HeatLegend';
import { LiquidationHours, LiveScorePanel } from '@/components/LiveScorePanel';
import { ScoreNote } from '@/components/ScoreNote';
import { SyncProgress } from '@/components/SyncProgress';
import { SyncStatusLine } from '@/components/SyncStatusLine';
import { type CrosshairReading, StudyChart, type StudyChartHandle } from '@/components/study/StudyChart';
import { ZoneList } from '@/components/ZoneList';
import { type Message, SIDE_PANEL_PORT } from '@/core/messaging';
import { oiGapNote } from '@/core/model/oiGapNote';
import { type TradeZone, tradeZones } from '@/core/model/zones';
import { formatTickPrice } from '@/core/render/format';
import { heatScale } from '@/core/render/heatScale';
import { windowLabel } from '@/core/sync/history';
import { focusZoneItem } from '@/utils/alerts';
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
import { watchSettings } from '@/utils/settings';
import { type ProgressByExchange, syncProgressItem } from '@/utils/syncProgress';
import './style.css';

const CHART_HEIGHT = 440;

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
 */
export function App() {
  const [view, setView] = useState<HeatmapView | undefined>();
  const [progress, setProgress] = useState<ProgressByExchange>({});
  const [reading, setReading] = useState<CrosshairReading | undefined>();
  const [chart, setChart] = useState<StudyChartHandle | undefined>();
  const [livePrices, setLivePrices] = useState<Record<string, { price: number; at: number }>>({});
  const [streamHealth, setStreamHealth] = useState<{ problem: string; at: number } | null>(null);

  const [liveScore, setLiveScore] = useState<StoredLiveScore | null>(null);
  const [zoneConfidence, setZoneConfidence] = useState<StoredZoneConfidence | undefined>();

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
    return () => {
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
            height={CHART_HEIGHT}
            onCrosshair={setReading}
            onReady={(handle) => {
              setChart(handle);
              // Read-only, for the e2e pixel check: the chart's own price/time → pixel mapping.
              (globalThis as { heatbandsStudy?: StudyChartHandle }).heatbandsStudy = handle;
            }}
          />
          <CrosshairReadout reading={reading} />
          <HeatLegend scale={scale} />
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
          </div>
          {result.oiGaps.map((gap) => (
            <p class="problem gap" key={`${gap.exchange}:${gap.from}`}>
              {oiGapNote(gap)}
            </p>
          ))}
          <ZoneList
            zones={zones}
            confidence={zoneConfidence?.table}
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
              ? { scoredTo: liveScore.scoredTo }
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
