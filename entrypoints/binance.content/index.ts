import { startOverlay } from '@/utils/overlayController';
import { BINANCE_SITE } from './site';

export default defineContentScript({
  matches: ['https://www.binance.com/*/futures/*'],
  main: (ctx) => startOverlay(ctx, BINANCE_SITE),
});
