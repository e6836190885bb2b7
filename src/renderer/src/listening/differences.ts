import type { PairView } from '../../../contract/methods/listening.ts';

/** A config value as the engine sent it (JSON) made readable: strings unquoted, absent as a dash. */
export function readableValue(json: string): string {
  if (json === '(none)' || json === 'undefined') return '—';
  try {
    const value = JSON.parse(json) as unknown;
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return json;
  }
}

/** "boundary.kind: none → overlap-add; boundary.overlapTokens: — → 3" */
export function differencesText(differences: PairView['differences']): string {
  if (!differences.length) return 'identical configurations (a repeat)';
  return differences.map((d) => `${d.path}: ${readableValue(d.a)} → ${readableValue(d.b)}`).join('; ');
}

/** The fewest correct answers of n ABX trials that reach p < 0.05 (exact one-sided binomial). */
export function abxNeeded(n: number, alpha = 0.05): number | null {
  let ways = 0n;
  const coefficients: bigint[] = [];
  let c = 1n;
  for (let i = 0; i <= n; i++) {
    coefficients.push(c);
    c = (c * BigInt(n - i)) / BigInt(i + 1);
  }
  const total = 2 ** n;
  for (let k = n; k >= 0; k--) {
    ways += coefficients[k] as bigint;
    if (Number(ways) / total >= alpha) return k === n ? null : k + 1;
  }
  return 0;
}
