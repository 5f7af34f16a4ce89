export { ARTIFACTS_DIR, currentTestName, saveScreenshot } from './artifacts';
export { ContentScriptWatch, type ContentScriptWorld } from './content-script';
export { extensionUrl, openExtensionPage, openPopup, openSidePanel } from './extension-pages';
export { listIndexedDbDatabases, readIndexedDbStore, type StoreRead } from './indexeddb';
export {
  chromiumPath,
  EXTENSION_DIR,
  extensionIdOf,
  type LaunchedExtension,
  type LaunchOptions,
  launchExtension,
  type ReplayRouting,
} from './launch';
export { messageServiceWorker, ServiceWorkerControl, type WorkerRunningStatus } from './service-worker';
