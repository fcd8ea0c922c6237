/** Number formatting shared by the CLI and the app. */

/** `25557032` → `25,557,032`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `4089184256` → `4.09 G`, `9408` → `9.41 K`. */
export function formatSI(n: number, digits = 2): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [scale, unit] of units) if (Math.abs(n) >= scale) return `${(n / scale).toFixed(digits)} ${unit}`;
  return String(n);
}

/** Bytes as MB with one decimal (decimal megabytes, as torchinfo prints them). */
export function formatMB(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
