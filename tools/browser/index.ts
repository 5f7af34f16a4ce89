/**
 * The browser harness shared by the e2e suite and the demo: finding (or installing) Chromium,
 * launching it with the built extension, its pages, its worker, its IndexedDB, content-script
 * worlds and screenshots. The stand-in exchange sites live in ./standin.
 */
export { saveJsonArtifact, savePngArtifact, saveScreenshot } from './artifacts';
export { ensureChromiumOrExit } from './chromium';
export { ContentScriptWatch, type ContentScriptWorld } from './content-script';
export { extensionUrl, openExtensionPage, openPopup, openSidePanel } from './extension-pages';
export { listIndexedDbDatabases, readIndexedDbStore, type StoreRead } from './indexeddb';
export { type LaunchedExtension, type LaunchOptions, launchExtension, type ReplayRouting } from './launch';
export {
  messageServiceWorker,
  ServiceWorkerControl,
  type WorkerRunningStatus,
  waitForWorkerBands,
  workerHeatmap,
} from './service-worker';
