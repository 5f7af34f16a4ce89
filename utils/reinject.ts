/**
 * After an install, update or reload, Chrome does not put the new content scripts into tabs that
 * are already open: the old script is cut off (and removes what it drew when WXT invalidates it),
 * and the trader would see nothing until a reload. So the worker injects the manifest's content
 * scripts into every open tab they match; the new script takes over.
 */
export async function reinjectContentScripts(): Promise<number> {
  let injected = 0;
  for (const script of browser.runtime.getManifest().content_scripts ?? []) {
    const files = script.js ?? [];
    if (!script.matches?.length || files.length === 0) continue;
    const tabs = await browser.tabs.query({ url: script.matches }).catch(() => []);
    for (const tab of tabs) {
      if (tab.id === undefined || tab.discarded) continue;
      const done = await browser.scripting
        .executeScript({ target: { tabId: tab.id }, files: [...files] as string[] } as Parameters<
          typeof browser.scripting.executeScript
        >[0])
        .then(() => true)
        .catch(() => false);
      if (done) injected++;
    }
  }
  return injected;
}
