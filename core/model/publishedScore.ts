import type { BacktestReport } from './types';

/**
 * The engine's score against liquidations that really happened, as the extension shows it.
 * Produced by `npm run backtest -- --csv ../shared/data/btcusdt-1h-2025-12-04_2026-03-31.csv --json`
 * with DEFAULT_CONFIG; a test re-runs the backtest and fails if these figures drift from it, so the
 * score on screen is always the score of the code that ships.
 */
export const PUBLISHED_SCORE: {
  dataset: string;
  report: BacktestReport;
} = {
  dataset:
    'Binance BTCUSDT hourly bars, 2025-12-04 → 2026-03-31, against actual BTC liquidations on Binance, Bybit and OKX (CoinGlass)',
  report: {
    bars: 2653,
    long: {
      spearman: 0.7113429848732712,
      partial_spearman: 0.6327416859243423,
      top_decile_capture: 0.7622641509433963,
      baseline_top_decile_capture: 0.6943396226415094,
    },
    short: {
      spearman: 0.6284876409736171,
      partial_spearman: 0.5645221596701075,
      top_decile_capture: 0.6943396226415094,
      baseline_top_decile_capture: 0.6867924528301886,
    },
  },
};
