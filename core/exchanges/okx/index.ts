import type { ExchangeAdapter } from '../adapter';
import { ok } from '../errors';
import { type ContractSizes, DEFAULT_CONTRACT_SIZES } from './contracts';
import * as endpoints from './endpoints';
import { parseInstrument } from './instruments';
import { parseLiquidations } from './liquidations';
import * as marketData from './marketData';
import { parseServerTime, serverTimeRequest } from './serverTime';

/** What a caller needs beyond the adapter: contract sizes, liquidation paging, one socket per OKX endpoint. */
export { type ContractSizes, DEFAULT_CONTRACT_SIZES } from './contracts';
export { nextLiquidationRequest } from './endpoints';
export { OKX_WS_URLS, streamConnections } from './stream';

export interface OkxAdapterOptions {
  /** Base units per contract by neutral symbol; defaults to the dated built-in table. */
  contractSizes?: ContractSizes;
}

/**
 * The OKX USDT-margined perpetual swap adapter. OKX counts sizes in contracts; the contract sizes
 * given here convert them (liquidations).
 * Which candle pages go to /history-candles is decided from the range's end, which the caller
 * takes from OKX's own clock (serverTime), never from the local one.
 */
export function createOkxAdapter(options: OkxAdapterOptions = {}): ExchangeAdapter {
  const contracts = options.contractSizes ?? DEFAULT_CONTRACT_SIZES.sizes;

  return {
    id: 'okx',
    rateLimits: endpoints.OKX_RATE_LIMITS,

    candleRequests: endpoints.candleRequests,
    parseCandles: marketData.parseCandles,

    openInterestHistoryRequests: endpoints.openInterestHistoryRequests,
    parseOpenInterestHistory: marketData.parseOpenInterestHistory,

    takerFlowRequests: endpoints.takerFlowRequests,
    parseTakerFlow: marketData.parseTakerFlow,

    // Open interest and taker flow alike: the latest 1,440 periods only (5 days at 5 minutes).
    statsReachMs: (_series, interval) => endpoints.rubikReachMs(interval),

    longShortRatioRequests: endpoints.longShortRatioRequests,
    parseLongShortRatio: marketData.parseLongShortRatio,

    tickSizeRequest: endpoints.instrumentRequest,
    parseTickSize: (symbol, body) => {
      const instrument = parseInstrument(symbol, body);
      return instrument.ok ? ok(instrument.value.tickSize) : instrument;
    },

    liquidationRequests: endpoints.liquidationRequests,
    parseLiquidations: (symbol, body) => parseLiquidations(symbol, body, contracts),

    serverTimeRequest,
    parseServerTime,
  };
}

export const okx: ExchangeAdapter = createOkxAdapter();
