import { COMMANDS } from '@/core/commands';
import { loadSettings, updateSettings } from '@/utils/settings';

/**
 * The keyboard commands. Opening the side panel must happen inside the shortcut's user gesture,
 * so it is called at once, before anything is awaited.
 */
export function registerCommands(): void {
  browser.commands?.onCommand.addListener((command, tab) => {
    if (command === COMMANDS.openSidePanel) {
      if (tab?.windowId !== undefined) {
        browser.sidePanel?.open({ windowId: tab.windowId }).catch(() => {});
      }
      return;
    }
    if (command === COMMANDS.toggleOverlay) void toggleOverlay();
  });
}

export async function toggleOverlay(): Promise<void> {
  const settings = await loadSettings();
  await updateSettings({ overlay: !settings.overlay });
}
