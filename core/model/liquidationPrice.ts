import type { ExchangeId, MarginTier, PositionSide } from '../exchanges/types';
import { err, ok, type Result } from '../result';

/**
 * Liquidation price of an isolated-margin position in a USDT-margined linear perpetual, one-way
 * mode, fees ignored. The formulas come from each exchange's help centre:
 * - Binance, "How to Calculate Liquidation Price of USDⓈ-M Futures Contracts"
 *   (binance.com/en/support/faq/b3c689c1f50a44cabb3a84e663b81d93): in isolated mode TMM = UPNL = 0 and
 *   WB is the isolated wallet balance, here the initial margin E·Q/L. Solving
 *   WB + Side·Q·(LP − E) = Q·LP·MMR − cum for LP gives the long and short forms below.
 * - Bybit, "Liquidation Price (USDT Contract)" (help.bybit.com/hc/en-us/articles/900000181046):
 *   LP = E ∓ (IM − MM)/Q with IM = E·Q/L and MM = E·Q·MMR − mmDeduction.
 * OKX is priced with the Binance form (same margin-balance definition, no maintenance amount).
 */

/** The parts of a margin tier the price depends on. */
export type MaintenanceTier = Pick<MarginTier, 'maintenanceMarginRate' | 'maintenanceAmount'>;

export interface LiquidationInput {
  side: PositionSide;
  entryPrice: number;
  leverage: number;
  /** Position size in base units (BTC); > 0. */
  quantity: number;
}

function checkInput(input: LiquidationInput, tier: MaintenanceTier): string | undefined {
  const { entryPrice, leverage, quantity, side } = input;
  if (side !== 'long' && side !== 'short') return `side must be "long" or "short", got ${String(side)}`;
  if (!Number.isFinite(entryPrice) || entryPrice <= 0)
    return `entry price must be a positive number, got ${entryPrice}`;
  if (!Number.isFinite(leverage) || leverage < 1) return `leverage must be a number ≥ 1, got ${leverage}`;
  if (!Number.isFinite(quantity) || quantity <= 0)
    return `quantity must be a positive number, got ${quantity}`;
  const m = tier.maintenanceMarginRate;
  if (!Number.isFinite(m) || m < 0 || m >= 1) return `maintenance margin rate must be in [0, 1), got ${m}`;
  const c = tier.maintenanceAmount;
  if (!Number.isFinite(c) || c < 0) return `maintenance amount must be a number ≥ 0, got ${c}`;
  return undefined;
}

/**
 * Every price function returns the liquidation price as a Result's value, ≥ 0. A long that no fall
 * in price can liquidate (e.g. 1× leverage) gets 0: "never", the same way the exchanges display
 * "--" for a liquidation price below zero.
 */
export function binanceLiquidationPrice(input: LiquidationInput, tier: MaintenanceTier): Result<number> {
  const error = checkInput(input, tier);
  if (error) return err(error);
  const { entryPrice: e, leverage: l, quantity: q } = input;
  const m = tier.maintenanceMarginRate;
  const c = tier.maintenanceAmount;
  const price =
    input.side === 'long'
      ? (e * (1 - 1 / l) * q - c) / (q * (1 - m))
      : (e * (1 + 1 / l) * q + c) / (q * (1 + m));
  return ok(Math.max(0, price));
}

export function bybitLiquidationPrice(input: LiquidationInput, tier: MaintenanceTier): Result<number> {
  const error = checkInput(input, tier);
  if (error) return err(error);
  const { entryPrice: e, leverage: l, quantity: q } = input;
  const initialMargin = (e * q) / l;
  const maintenanceMargin = e * q * tier.maintenanceMarginRate - tier.maintenanceAmount;
  const reach = (initialMargin - maintenanceMargin) / q;
  const price = input.side === 'long' ? e - reach : e + reach;
  return ok(Math.max(0, price));
}

/** The tier whose [notionalFloor, notionalCap) holds the notional; the last tier above all caps. */
export function tierForNotional(tiers: readonly MarginTier[], notional: number): MarginTier | undefined {
  let best: MarginTier | undefined;
  for (const tier of tiers) {
    if (notional >= tier.notionalFloor && notional < tier.notionalCap) return tier;
    if (notional >= tier.notionalFloor && (best === undefined || tier.notionalFloor > best.notionalFloor))
      best = tier;
  }
  return best;
}

/**
 * The exchange's liquidation price. Given a tier list, the tier is picked by the position's notional
 * at entry (E·Q), as the exchanges' risk-limit tables are keyed by notional.
 */
export function liquidationPrice(
  exchange: ExchangeId,
  input: LiquidationInput,
  tiers: MaintenanceTier | readonly MarginTier[],
): Result<number> {
  let tier: MaintenanceTier | undefined;
  if (Array.isArray(tiers)) {
    const notional = input.entryPrice * input.quantity;
    if (!Number.isFinite(notional) || notional <= 0) {
      return err(`position notional must be positive, got ${notional}`);
    }
    tier = tierForNotional(tiers as readonly MarginTier[], notional);
    if (tier === undefined) return err(`no margin tier covers a notional of ${notional} USD`);
  } else {
    tier = tiers as MaintenanceTier;
  }
  return exchange === 'bybit' ? bybitLiquidationPrice(input, tier) : binanceLiquidationPrice(input, tier);
}

/**
 * LP/E for a position with no maintenance amount: a constant per exchange, side, leverage and rate,
 * which is what lets the level book price a whole leverage tier with one multiplication.
 */
export function liquidationRatio(
  exchange: ExchangeId,
  side: PositionSide,
  leverage: number,
  maintenanceMarginRate: number,
): Result<number> {
  return liquidationPrice(
    exchange,
    { side, entryPrice: 1, leverage, quantity: 1 },
    { maintenanceMarginRate, maintenanceAmount: 0 },
  );
}
