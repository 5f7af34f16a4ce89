import { startOverlay } from '@/components/overlay/overlayController';
import { BINANCE_SITE } from '@/components/overlay/sites/binance';

export default defineContentScript({
  matches: ['https://www.binance.com/*/futures/*'],
  main: (ctx) => startOverlay(ctx, BINANCE_SITE),
});
