/** An experiment's `traffic_split`: arm → weight, at least 2 arms, weights summing to 100. */

export interface ArmRow {
  arm: string;
  weight: string;
}

/** The split for `rows`, or why it is not valid. */
export function parseSplit(rows: ArmRow[]): { value: Record<string, number> } | { error: string } {
  const out: Record<string, number> = {};
  for (const row of rows) {
    const arm = row.arm.trim();
    if (arm === "") return { error: "every arm needs a name" };
    if (Object.hasOwn(out, arm)) return { error: `the arm "${arm}" is given twice` };
    if (!/^\d+$/.test(row.weight.trim())) return { error: `the weight of "${arm}" must be a whole number` };
    out[arm] = Number(row.weight.trim());
  }
  if (Object.keys(out).length < 2) return { error: "an experiment needs at least 2 arms" };
  const total = Object.values(out).reduce((a, b) => a + b, 0);
  if (total !== 100) return { error: `weights add up to ${total}, not 100` };
  return { value: out };
}

/** Even weights for `n` arms, the remainder on the first ones (3 arms: 34/33/33). */
export function evenWeights(n: number): number[] {
  const base = Math.floor(100 / n);
  return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}
