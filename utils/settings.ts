import { storage } from '#imports';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '@/core/settings';

/** The trader's filters in extension storage, declared once and shared by every context. */
export const settingsItem = storage.defineItem<Settings>('local:settings', {
  fallback: DEFAULT_SETTINGS,
  version: 1,
});

/** Reads the settings, validated: a corrupted stored value falls back to defaults. */
export async function loadSettings(): Promise<Settings> {
  return readSettings(await settingsItem.getValue());
}

/**
 * Changes some fields and keeps the rest as they are stored now, not as a view last saw them:
 * the worker changes the symbol on its own (following the chart in the active tab), and a view
 * holding an older copy must not write the old symbol back. Returns the settings saved.
 */
export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = readSettings({ ...(await loadSettings()), ...patch });
  await settingsItem.setValue(next);
  return next;
}

/** Calls `onChange` with the validated settings whenever they change; returns the unwatch. */
export function watchSettings(onChange: (settings: Settings) => void): () => void {
  return settingsItem.watch((value) => onChange(readSettings(value)));
}

/** Whether the trader folded the overlay's docked card away; remembered for every tab. */
export const overlayCardCollapsedItem = storage.defineItem<boolean>('local:overlayCardCollapsed', {
  fallback: false,
  version: 1,
});
