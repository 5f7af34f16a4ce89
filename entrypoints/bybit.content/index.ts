import { startOverlay } from '@/components/overlay/overlayController';
import { BYBIT_SITE } from '@/components/overlay/sites/bybit';

export default defineContentScript({
  matches: ['https://www.bybit.com/trade/usdt/*'],
  main: (ctx) => startOverlay(ctx, BYBIT_SITE),
});
