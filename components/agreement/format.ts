/** Agreement figures to three decimals, as methods sections report them; "—" when undefined. */
export function fmt(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return (Math.abs(value) < 0.0005 ? 0 : value).toFixed(3);
}

export function fmtPercent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return `${(value * 100).toFixed(1)} %`;
}
