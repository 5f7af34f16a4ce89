import { baseAsset } from '../../core/exchanges/symbols';

/**
 * Static, dated tables that the recording cannot provide. Shapes follow the exchanges' docs;
 * the figures are a snapshot and may have changed since: do not treat them as current.
 */

/**
 * Binance USDⓈ-M GET /fapi/v1/exchangeInfo, trimmed to one symbol. Shape:
 * https://developers.binance.com/docs/derivatives/usds-margined-futures/market-data/rest-api/Exchange-Information
 * Figures as published for BTCUSDT as of 2025-06 (rate limits: 2400 weight/min, 1200 orders/min).
 */

/** PRICE_FILTER per base asset as Binance published it (2025-06); others get ETHUSDT's. */
const BINANCE_PRICE_FILTERS: Record<string, { minPrice: string; maxPrice: string; tickSize: string }> = {
  BTC: { minPrice: '261.10', maxPrice: '809484', tickSize: '0.10' },
  ETH: { minPrice: '39.86', maxPrice: '306177', tickSize: '0.01' },
};

export function binanceExchangeInfo(symbol: string, serverTime: number): unknown {
  const base = baseAsset(symbol);
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [
      { asset: 'USDT', marginAvailable: true, autoAssetExchange: '-10000' },
      { asset: base, marginAvailable: true, autoAssetExchange: '-0.10000000' },
    ],
    symbols: [
      {
        symbol,
        pair: symbol,
        contractType: 'PERPETUAL',
        deliveryDate: 4133404800000,
        onboardDate: 1569398400000,
        status: 'TRADING',
        maintMarginPercent: '2.5000',
        requiredMarginPercent: '5.0000',
        baseAsset: base,
        quoteAsset: 'USDT',
        marginAsset: 'USDT',
        pricePrecision: 2,
        quantityPrecision: 3,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: ['PoW'],
        triggerProtect: '0.0500',
        liquidationFee: '0.012500',
        marketTakeBound: '0.05',
        maxMoveOrderLimit: 10000,
        filters: [
          { filterType: 'PRICE_FILTER', ...(BINANCE_PRICE_FILTERS[base] ?? BINANCE_PRICE_FILTERS.ETH!) },
          { filterType: 'LOT_SIZE', stepSize: '0.001', maxQty: '1000', minQty: '0.001' },
          { filterType: 'MARKET_LOT_SIZE', stepSize: '0.001', maxQty: '120', minQty: '0.001' },
          { filterType: 'MAX_NUM_ORDERS', limit: 200 },
          { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
          { filterType: 'MIN_NOTIONAL', notional: '100' },
          {
            filterType: 'PERCENT_PRICE',
            multiplierUp: '1.0500',
            multiplierDown: '0.9500',
            multiplierDecimal: '4',
          },
        ],
        orderTypes: [
          'LIMIT',
          'MARKET',
          'STOP',
          'STOP_MARKET',
          'TAKE_PROFIT',
          'TAKE_PROFIT_MARKET',
          'TRAILING_STOP_MARKET',
        ],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
      },
    ],
  };
}

/**
 * Bybit v5 GET /v5/market/instruments-info?category=linear&symbol=… row for a linear perpetual.
 * Shape: https://bybit-exchange.github.io/docs/v5/market/instrument (every number a string but
 * fundingInterval). Price steps as Bybit listed them (2025-06): BTCUSDT 0.10 (priceScale 2),
 * ETHUSDT 0.01 (priceScale 2); any other symbol gets 0.0001 (priceScale 4). Leverage and lot
 * figures are BTCUSDT's, not the symbol's own: nothing in HeatBands reads them.
 */
const BYBIT_PRICE_STEPS: Record<
  string,
  { tickSize: string; priceScale: string; minPrice: string; maxPrice: string }
> = {
  BTC: { tickSize: '0.10', priceScale: '2', minPrice: '0.10', maxPrice: '1999999.80' },
  ETH: { tickSize: '0.01', priceScale: '2', minPrice: '0.01', maxPrice: '199999.98' },
};

export function bybitInstrument(symbol: string): Record<string, unknown> {
  const base = baseAsset(symbol);
  const step = BYBIT_PRICE_STEPS[base] ?? {
    tickSize: '0.0001',
    priceScale: '4',
    minPrice: '0.0001',
    maxPrice: '1999.9998',
  };
  return {
    symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: base,
    quoteCoin: 'USDT',
    launchTime: '1585526400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: step.priceScale,
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: step.minPrice, maxPrice: step.maxPrice, tickSize: step.tickSize },
    lotSizeFilter: {
      maxOrderQty: '1190.000',
      minOrderQty: '0.001',
      qtyStep: '0.001',
      postOnlyMaxOrderQty: '1190.000',
      maxMktOrderQty: '119.000',
      minNotionalValue: '5',
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: 'USDT',
    copyTrading: 'both',
    upperFundingRate: '0.005',
    lowerFundingRate: '-0.005',
    isPreListing: false,
    preListingInfo: null,
    riskParameters: { priceLimitRatioX: '0.01', priceLimitRatioY: '0.02' },
  };
}

/**
 * Bybit v5 GET /v5/market/risk-limit rows for a linear symbol. Shape:
 * https://bybit-exchange.github.io/docs/v5/market/risk-limit
 * Figures: BTCUSDT's published ladder (tier 1: 2,000,000 USDT at 0.5 % MMR, 1 % IMR, 100x;
 * tier 2: 4,000,000 at 1 % / 1.75 % / 57.14x), extended by the same steps (+2,000,000 USDT,
 * +0.5 % MMR, +0.75 % IMR) to ten tiers. mmDeduction makes the maintenance margin continuous
 * across tier edges. As of 2025-06; Bybit revises these tables, so fetch them when it matters.
 */
export interface BybitRiskLimitRow {
  id: number;
  symbol: string;
  riskLimitValue: string;
  maintenanceMargin: string;
  initialMargin: string;
  isLowestRisk: number;
  maxLeverage: string;
  mmDeduction: string;
}

export function bybitRiskLimits(symbol: string): BybitRiskLimitRow[] {
  const rows: BybitRiskLimitRow[] = [];
  let deduction = 0;
  let prevMmr = 0;
  let prevCap = 0;
  for (let tier = 1; tier <= 10; tier++) {
    const cap = 2_000_000 * tier;
    const mmr = 0.005 * tier;
    const imr = 0.01 + 0.0075 * (tier - 1);
    deduction += prevCap * (mmr - prevMmr);
    rows.push({
      id: tier,
      symbol,
      riskLimitValue: String(cap),
      maintenanceMargin: trimDecimal(mmr, 4),
      initialMargin: trimDecimal(imr, 4),
      isLowestRisk: tier === 1 ? 1 : 0,
      maxLeverage: (Math.floor((1 / imr) * 100) / 100).toFixed(2),
      mmDeduction: tier === 1 ? '' : trimDecimal(deduction, 2),
    });
    prevMmr = mmr;
    prevCap = cap;
  }
  return rows;
}

function trimDecimal(n: number, decimals: number): string {
  return n.toFixed(decimals).replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * OKX USDT-margined swaps count sizes in contracts of `ctVal` base units, from
 * GET /api/v5/public/instruments?instType=SWAP (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments):
 * BTC-USDT-SWAP ctVal "0.01" (BTC), ETH-USDT-SWAP ctVal "0.1" (ETH). As of 2025-06; OKX announces
 * changes. The OKX endpoints of the replay answer 51001 for a symbol whose ctVal is not listed here.
 */
const OKX_CONTRACT_VALUES: Readonly<Record<string, number>> = { BTCUSDT: 0.01, ETHUSDT: 0.1 };

/** Base units per contract for a neutral symbol, or undefined when unknown. */
export function okxContractValue(symbol: string): number | undefined {
  return OKX_CONTRACT_VALUES[symbol];
}

/** Price steps of the swaps above (tickSz), as of 2025-06: BTC-USDT-SWAP 0.1, ETH-USDT-SWAP 0.01. */
const OKX_TICK_SIZES: Readonly<Record<string, string>> = { BTCUSDT: '0.1', ETHUSDT: '0.01' };

/**
 * One row of OKX GET /api/v5/public/instruments?instType=SWAP, every field OKX sends, in its order
 * (https://www.okx.com/docs-v5/en/#public-data-rest-api-get-instruments). ctVal and tickSz are the
 * tables' above; lever, lot and order-size fields are BTC-USDT-SWAP's as of 2025-06 for both.
 */
export function okxInstrumentRow(symbol: string, instId: string, instFamily: string, ctVal: number) {
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: '',
    category: '1',
    ctMult: '1',
    ctType: 'linear',
    ctVal: String(ctVal),
    ctValCcy: baseAsset(symbol),
    expTime: '',
    instFamily,
    instId,
    instType: 'SWAP',
    lever: '100',
    listTime: '1611916828000',
    lotSz: '0.01',
    maxIcebergSz: '100000000.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: '100000000',
    maxMktAmt: '',
    maxMktSz: '12000',
    maxStopSz: '12000',
    maxTriggerSz: '100000000.0000000000000000',
    maxTwapSz: '100000000.0000000000000000',
    minSz: '0.01',
    optType: '',
    quoteCcy: '',
    ruleType: 'normal',
    settleCcy: 'USDT',
    state: 'live',
    stk: '',
    tickSz: OKX_TICK_SIZES[symbol] ?? '0.0001',
    uly: instFamily,
  };
}

/**
 * OKX GET /api/v5/public/position-tiers rows (instType=SWAP), sizes in contracts. Shape:
 * https://www.okx.com/docs-v5/en/#public-data-rest-api-get-position-tiers
 * SYNTHETIC figures: a ladder of OKX's form, not OKX's published BTC-USDT table. Tiers 1–3 are
 * 0–20,000 / –40,000 / –100,000 contracts at 0.4 % / 0.65 % / 1 % MMR (100x / 75x / 50x), then
 * wider bands with rising rates up to 2x. As of 2025-06; marked X-Replay-Synthetic:
 * static-position-tiers. Fetch OKX's own table when the figures matter.
 */
const OKX_TIER_LADDER: ReadonlyArray<readonly [maxSz: number, mmr: string, imr: string, maxLever: string]> = [
  [20_000, '0.004', '0.01', '100'],
  [40_000, '0.0065', '0.0133', '75'],
  [100_000, '0.01', '0.02', '50'],
  [200_000, '0.015', '0.03', '33'],
  [400_000, '0.02', '0.04', '25'],
  [800_000, '0.03', '0.05', '20'],
  [1_500_000, '0.05', '0.1', '10'],
  [2_500_000, '0.1', '0.2', '5'],
  [4_000_000, '0.15', '0.3333', '3'],
  [6_000_000, '0.25', '0.5', '2'],
];

export interface OkxPositionTierRow {
  baseMaxLoan: string;
  imr: string;
  instFamily: string;
  instId: string;
  maxLever: string;
  maxSz: string;
  minSz: string;
  mmr: string;
  optMgnFactor: string;
  quoteMaxLoan: string;
  tier: string;
  uly: string;
}

export function okxPositionTiers(instFamily: string): OkxPositionTierRow[] {
  let minSz = 0;
  return OKX_TIER_LADDER.map(([maxSz, mmr, imr, maxLever], i) => {
    const row: OkxPositionTierRow = {
      baseMaxLoan: '',
      imr,
      instFamily,
      instId: '',
      maxLever,
      maxSz: String(maxSz),
      minSz: String(minSz),
      mmr,
      optMgnFactor: '0',
      quoteMaxLoan: '',
      tier: String(i + 1),
      uly: instFamily,
    };
    minSz = maxSz;
    return row;
  });
}
