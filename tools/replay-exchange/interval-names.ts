const UNIT_MS: Readonly<Record<string, number>> = {
  m: 60_000,
  h: 3_600_000,
  H: 3_600_000,
  d: 86_400_000,
  D: 86_400_000,
};

/**
 * An exchange's interval names, space-separated, to milliseconds, read from the names alone: "5m",
 * "1h"/"1H", "1d", and OKX's UTC-aligned "6Hutc"/"1Dutc". Each endpoint lists exactly the names its
 * doc page accepts; a name this cannot read is a typo in that list, so it throws at start-up.
 */
export function intervalTable(names: string): Readonly<Record<string, number>> {
  return Object.fromEntries(
    names.split(' ').map((name) => {
      const match = /^(\d+)([mhHdD])(utc)?$/.exec(name);
      const unit = match ? UNIT_MS[match[2]!] : undefined;
      if (!match || unit === undefined) throw new Error(`replay-exchange: cannot read interval ${name}`);
      return [name, Number(match[1]) * unit];
    }),
  );
}
