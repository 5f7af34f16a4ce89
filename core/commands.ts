/** The extension's keyboard commands (manifest `commands`), named once for the manifest and the worker. */
export const COMMANDS = {
  toggleOverlay: 'toggle-overlay',
  openSidePanel: 'open-side-panel',
} as const;
