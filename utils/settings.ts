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
