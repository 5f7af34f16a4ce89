import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '@/core/settings';
import { loadSettings, watchSettings } from '@/utils/settings';

/**
 * The stored settings as Preact state: read once, then kept current with a watch that ends when
 * the view unmounts. A view that only read once would show, and write back, stale values.
 */
export function useSettings(): Settings | undefined {
  const [settings, setSettings] = useState<Settings | undefined>();
  useEffect(() => {
    let live = true;
    const unwatch = watchSettings((s) => live && setSettings(s));
    void loadSettings().then((s) => live && setSettings((current) => current ?? s));
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return settings;
}
