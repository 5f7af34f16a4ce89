import { OverlayView } from '@/components/OverlayView';
import { startOverlay } from '@/utils/overlayController';
import { BYBIT_MATCHES, BYBIT_SITE } from './site';

export default defineContentScript({
  matches: BYBIT_MATCHES,
  main: (ctx) => startOverlay(ctx, BYBIT_SITE, (placement, onAction) => new OverlayView(placement, onAction)),
});
