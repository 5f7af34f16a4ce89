import { startOverlay } from '@/utils/overlayController';
import { BYBIT_SITE } from './site';

export default defineContentScript({
  matches: ['https://www.bybit.com/trade/usdt/*'],
  main: (ctx) => startOverlay(ctx, BYBIT_SITE),
});
