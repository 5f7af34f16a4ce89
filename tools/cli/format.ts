/** Number and time formatting shared by the CLI's tables and the PNG's labels. */

const pad2 = (n: number) => String(n).padStart(2, '0');

/** 2026-06-22 11:45 UTC */
export function formatUtc(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} UTC`;
}

/** A price with thousands separators and as many decimals as its size warrants. */
export function formatPrice(price: number): string {
  const decimals = price >= 1000 ? 1 : price >= 1 ? 2 : 6;
  return price.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export { formatUsdShort } from '../../core/render/format';

/** A bar of block characters, `width` wide at intensity 1, with eighth-block resolution. */
export function intensityBar(intensity: number, width = 20): string {
  const clamped = Number.isFinite(intensity) ? Math.min(1, Math.max(0, intensity)) : 0;
  const eighths = Math.round(clamped * width * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '';
  return '█'.repeat(Math.floor(eighths / 8)) + partial;
}

export type Align = 'left' | 'right';

/** A plain-text table: header row, a rule, then the rows; columns padded to their widest cell. */
export function renderTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (align[i] === 'right' ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
