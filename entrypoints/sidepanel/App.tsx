import { useEffect, useMemo, useState } from 'preact/hooks';
import { HeatmapCanvas, TIME_AXIS_HEIGHT } from '@/components/HeatmapCanvas';
import { ProfileChart } from '@/components/ProfileChart';
import { ScoreNote } from '@/components/ScoreNote';
import { SyncStatusLine } from '@/components/SyncStatusLine';
import { ZoneList } from '@/components/ZoneList';
import { parseMessage } from '@/core/messaging';
import { oiGapNote } from '@/core/model/oiGapNote';
import { type HeatmapView, loadHeatmapView } from '@/utils/heatmapView';
import { latestOnly } from '@/utils/latestOnly';
import { watchSettings } from '@/utils/settings';
import './style.css';

const HEATMAP_HEIGHT = 420;

/** The side panel: the full heatmap with candles, the liquidation map beside it, the zone list. */
export function App() {
  const [view, setView] = useState<HeatmapView | undefined>();
  const [width, setWidth] = useState(() => Math.max(280, globalThis.innerWidth - 24));

  // Only the newest load lands: a slow one started before a settings change never paints over it.
  const reload = useMemo(() => {
    const load = latestOnly(loadHeatmapView);
    return () => void load(setView).catch((error: unknown) => console.error('HeatBands side panel:', error));
  }, []);

  useEffect(() => {
    reload();
    const onMessage = (raw: unknown) => {
      if (parseMessage(raw)?.type === 'data-updated') reload();
    };
    browser.runtime.onMessage.addListener(onMessage);
    const unwatch = watchSettings(reload);
    const onResize = () => setWidth(Math.max(280, globalThis.innerWidth - 24));
    globalThis.addEventListener('resize', onResize);
    return () => {
      browser.runtime.onMessage.removeListener(onMessage);
      unwatch();
      globalThis.removeEventListener('resize', onResize);
    };
  }, [reload]);

  if (!view) return <main class="loading">Loading cached data…</main>;
  const { settings, result, statuses, problem } = view;
  const profileWidth = 90;
  return (
    <main>
      <header>
        <h1>HeatBands</h1>
        <span class="title">
          {settings.symbol} · {settings.window} · {settings.exchanges.join(' + ')}
        </span>
      </header>
      <SyncStatusLine statuses={statuses} now={Date.now()} />
      {problem && <p class="problem">{problem}</p>}
      {result && (
        <>
          <p class="price" data-price={result.price}>
            Price {result.price.toFixed(1)} at{' '}
            {new Date(result.at).toISOString().slice(0, 16).replace('T', ' ')} UTC
          </p>
          <div class="charts">
            <HeatmapCanvas
              grid={result.grid}
              threshold={settings.threshold}
              width={width - profileWidth - 4}
              height={HEATMAP_HEIGHT}
            />
            <ProfileChart
              profile={result.profile}
              priceMax={result.grid.priceMax}
              width={profileWidth}
              height={HEATMAP_HEIGHT - TIME_AXIS_HEIGHT}
            />
          </div>
          {result.oiGaps.map((gap) => (
            <p class="problem gap" key={`${gap.exchange}:${gap.from}`}>
              {oiGapNote(gap)}
            </p>
          ))}
          <ZoneList zones={result.zones} />
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
