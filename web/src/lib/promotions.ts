/** Promotion wording shared by the list and its tests. */

/** "3 of 100", "3 (no limit)", "Used up: 100 of 100". */
export function usageText(timesUsed: number, limit: number | null | undefined): string {
  if (limit === null || limit === undefined) return `${timesUsed} (no limit)`;
  return timesUsed >= limit ? `Used up: ${timesUsed} of ${limit}` : `${timesUsed} of ${limit}`;
}
