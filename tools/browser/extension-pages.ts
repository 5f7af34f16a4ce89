import type { Page } from 'playwright-core';
import type { LaunchedExtension } from './launch';

export function extensionUrl(ext: LaunchedExtension, path: string): string {
  return `chrome-extension://${ext.extensionId}/${path.replace(/^\//, '')}`;
}

/** Opens an extension page in a tab and waits until its scripts have run. */
export async function openExtensionPage(ext: LaunchedExtension, path: string): Promise<Page> {
  const page = await ext.context.newPage();
  await page.goto(extensionUrl(ext, path), { waitUntil: 'load' });
  return page;
}

/** The toolbar popup as a plain page (same document, same origin, only not anchored to the toolbar). */
export function openPopup(ext: LaunchedExtension): Promise<Page> {
  return openExtensionPage(ext, 'popup.html');
}

/** The side panel as a plain page. */
export function openSidePanel(ext: LaunchedExtension): Promise<Page> {
  return openExtensionPage(ext, 'sidepanel.html');
}
