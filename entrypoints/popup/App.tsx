import { useEffect, useState } from 'preact/hooks';
import { useSettings } from '@/components/useSettings';
import { isNeutralSymbol } from '@/core/exchanges/symbols';
import { EXCHANGE_IDS, EXCHANGE_NAMES, POSITION_SIDES } from '@/core/exchanges/types';
import { WINDOWS, type WindowId } from '@/core/model/types';
import { LEVERAGE_TIERS, RETENTION_DAYS, type Settings } from '@/core/settings';
import { isRecordedWindow, RECORDED_WINDOW_TITLE, windowLabel } from '@/core/sync/history';
import { collectDiagnostics } from '@/utils/diagnostics';
import { loadAvailableWindows } from '@/utils/recordedWindows';
import { updateSettings } from '@/utils/settings';
import './style.css';

function toggle<T>(list: readonly T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** One filter of several choices; the new selection goes to `onChange`. */
function CheckboxGroup<T extends string | number>(props: {
  legend: string;
  name: string;
  options: readonly T[];
  selected: readonly T[];
  label: (option: T) => string;
  onChange: (selected: T[]) => void;
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option}>
          <input
            type="checkbox"
            name={props.name}
            value={option}
            checked={props.selected.includes(option)}
            onChange={() => props.onChange(toggle(props.selected, option))}
          />
          {props.label(option)}
        </label>
      ))}
    </fieldset>
  );
}

/** One on/off setting. */
function Toggle(props: {
  class: string;
  name: string;
  checked: boolean;
  label: string;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label class={props.class}>
      <input
        type="checkbox"
        name={props.name}
        checked={props.checked}
        onChange={() => props.onChange(!props.checked)}
      />
      {props.label}
    </label>
  );
}

/** The toolbar popup: the filters every view follows. Changes save at once. */
export function App() {
  const settings = useSettings();
  const [symbolDraft, setSymbolDraft] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const [diagnostics, setDiagnostics] = useState<string | undefined>();

  // The symbol field follows the stored symbol (the worker may switch it to the chart's market).
  useEffect(() => {
    if (settings) setSymbolDraft(settings.symbol);
  }, [settings?.symbol]);

  // 90d and 180d are offered once HeatBands has recorded that much for these exchanges.
  const [available, setAvailable] = useState<readonly WindowId[]>(
    WINDOWS.filter((w) => !isRecordedWindow(w)),
  );
  const exchangesKey = settings?.exchanges.join(',');
  useEffect(() => {
    if (!settings) return;
    let current = true;
    loadAvailableWindows(settings).then(
      (windows) => current && setAvailable(windows),
      () => {},
    );
    return () => {
      current = false;
    };
  }, [settings?.symbol, exchangesKey]);

  if (!settings) return <main class="loading">Loading…</main>;

  const save = (patch: Partial<Settings>) => {
    const next = { ...settings, ...patch };
    // Never store an empty selection: at least one exchange, side and tier stays on.
    if (next.exchanges.length === 0 || next.sides.length === 0 || next.leverages.length === 0) {
      setNote('Keep at least one exchange, side and leverage tier selected.');
      return;
    }
    setNote(undefined);
    // Only the changed fields: the rest is taken as stored now, not as this view last saw it.
    void updateSettings(patch);
  };

  const copyDiagnostics = async () => {
    const report = await collectDiagnostics();
    if (!report) {
      setDiagnostics(undefined);
      setNote('Open a Binance or Bybit futures page first: diagnostics describe how HeatBands sees it.');
      return;
    }
    const json = JSON.stringify(report, null, 2);
    setDiagnostics(json);
    const copied = await navigator.clipboard.writeText(json).then(
      () => true,
      () => false,
    );
    setNote(
      copied ? 'Diagnostics copied: paste them into your report.' : 'Select the text below and copy it.',
    );
  };

  const openPanel = async () => {
    const win = await browser.windows.getCurrent();
    if (win.id !== undefined) await browser.sidePanel?.open({ windowId: win.id });
  };

  return (
    <main>
      <h1>HeatBands</h1>
      <CheckboxGroup
        legend="Exchanges"
        name="exchange"
        options={EXCHANGE_IDS}
        selected={settings.exchanges}
        label={(ex) => EXCHANGE_NAMES[ex]}
        onChange={(exchanges) => save({ exchanges })}
      />
      <fieldset>
        <legend>Symbol</legend>
        <Toggle
          class="follow"
          name="followChart"
          checked={settings.followChart}
          label="Follow the chart's market"
          onChange={(followChart) => save({ followChart })}
        />
        <input
          name="symbol"
          value={symbolDraft}
          maxLength={24}
          onInput={(e) => setSymbolDraft((e.target as HTMLInputElement).value.toUpperCase())}
          onBlur={() => {
            if (isNeutralSymbol(symbolDraft)) save({ symbol: symbolDraft });
            else setNote('A USDT perpetual, like BTCUSDT or ETHUSDT.');
          }}
        />
      </fieldset>
      <fieldset class="windows">
        <legend>Window</legend>
        {WINDOWS.filter((w) => available.includes(w) || w === settings.window).map((w: WindowId) => (
          <label
            key={w}
            class={w === '12h' ? 'headline' : isRecordedWindow(w) ? 'recorded' : ''}
            title={isRecordedWindow(w) ? RECORDED_WINDOW_TITLE : undefined}
          >
            <input
              type="radio"
              name="window"
              value={w}
              checked={settings.window === w}
              onChange={() => save({ window: w })}
            />
            {windowLabel(w)}
          </label>
        ))}
        {!available.includes(settings.window) && (
          <p class="window-fallback">
            Not enough history recorded for {settings.window} yet: the views show the longest window that is.
          </p>
        )}
        <label class="retention" title="How long HeatBands keeps the history it records.">
          Keep recorded history{' '}
          <input
            type="number"
            name="retentionDays"
            min={RETENTION_DAYS.min}
            max={RETENTION_DAYS.max}
            step={1}
            value={settings.retentionDays}
            onChange={(e) => {
              const days = Math.round(Number((e.target as HTMLInputElement).value));
              if (days >= RETENTION_DAYS.min && days <= RETENTION_DAYS.max) save({ retentionDays: days });
              else setNote(`Keep between ${RETENTION_DAYS.min} and ${RETENTION_DAYS.max} days.`);
            }}
          />{' '}
          days
        </label>
      </fieldset>
      <CheckboxGroup
        legend="Leverage"
        name="leverage"
        options={LEVERAGE_TIERS}
        selected={settings.leverages}
        label={(l) => `${l}×`}
        onChange={(leverages) => save({ leverages })}
      />
      <CheckboxGroup
        legend="Sides"
        name="side"
        options={POSITION_SIDES}
        selected={settings.sides}
        label={(side) => (side === 'long' ? 'Longs' : 'Shorts')}
        onChange={(sides) => save({ sides })}
      />
      <fieldset>
        <legend title="Cells weaker than this share of their own side's hottest cell stay dark, in the side panel and on the chart alike; longs and shorts are cut apart, so a weaker side keeps its strongest zones">
          Intensity threshold {Math.round(settings.threshold * 100)}% of each side's hottest cell
        </legend>
        <input
          type="range"
          name="threshold"
          min={0}
          max={90}
          step={5}
          value={Math.round(settings.threshold * 100)}
          onChange={(e) => save({ threshold: Number((e.target as HTMLInputElement).value) / 100 })}
        />
      </fieldset>
      <Toggle
        class="overlay"
        name="overlay"
        checked={settings.overlay}
        label="Heat bands on the exchange chart"
        onChange={(overlay) => save({ overlay })}
      />
      <fieldset class="depth">
        <legend title="Live order-book depth of the followed exchanges, drawn on the exchange chart">
          Depth
        </legend>
        <Toggle
          class="depth-toggle"
          name="recordDepth"
          checked={settings.recordDepth}
          label="Stream and record the order books"
          onChange={(recordDepth) => save({ recordDepth })}
        />
        <Toggle
          class="depth-toggle"
          name="depthProfile"
          checked={settings.depthProfile}
          label="Depth profile at the chart's right edge"
          onChange={(depthProfile) => save({ depthProfile })}
        />
        <Toggle
          class="depth-toggle"
          name="depthWalls"
          checked={settings.depthWalls}
          label="Outline standing walls"
          onChange={(depthWalls) => save({ depthWalls })}
        />
      </fieldset>
      <fieldset class="alerts">
        <legend>Alerts</legend>
        <Toggle
          class="alerts-toggle"
          name="alerts"
          checked={settings.alerts}
          label="Notify me near strong zones"
          onChange={(alerts) => save({ alerts })}
        />
        <label>
          within{' '}
          <input
            type="number"
            name="alertDistancePct"
            min={0.05}
            max={10}
            step={0.05}
            value={settings.alertDistancePct}
            onChange={(e) => save({ alertDistancePct: Number((e.target as HTMLInputElement).value) })}
          />{' '}
          % of price, zones of at least{' '}
          <span class="amount">
            $
            <input
              type="number"
              name="alertMinUsdM"
              min={0}
              step={1}
              value={settings.alertMinUsd / 1e6}
              onChange={(e) => save({ alertMinUsd: Number((e.target as HTMLInputElement).value) * 1e6 })}
            />
            M
          </span>
        </label>
      </fieldset>
      <button type="button" class="secondary" name="diagnostics" onClick={() => void copyDiagnostics()}>
        Copy diagnostics
      </button>
      {note && <p class="note">{note}</p>}
      {diagnostics && <textarea class="diagnostics" readOnly rows={6} data-diagnostics value={diagnostics} />}
      {import.meta.env.CHROME && (
        <button type="button" onClick={() => void openPanel()}>
          Open the full heatmap
        </button>
      )}
    </main>
  );
}
