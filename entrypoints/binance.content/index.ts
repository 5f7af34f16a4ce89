import { OverlayView } from '@/components/OverlayView';
import { startOverlay } from '@/utils/overlayController';
import { BINANCE_MATCHES, BINANCE_SITE } from './site';

export default defineContentScript({
  matches: BINANCE_MATCHES,
  main: (ctx) =>
    startOverlay(ctx, BINANCE_SITE, (placement, onAction) => new OverlayView(placement, onAction)),
});
