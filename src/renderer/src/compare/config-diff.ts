/** Flattens nested config objects to dotted paths, so runs can be compared knob by knob. */
export function flattenConfig(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      flattenConfig(child, prefix ? `${prefix}.${key}` : key, out);
  } else out[prefix] = value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
  return out;
}

export interface ConfigRow {
  path: string;
  values: string[];
  differs: boolean;
}

/** One row per knob present in any run; `differs` when not every run has the same value. */
export function configRows(configs: readonly unknown[]): ConfigRow[] {
  const flat = configs.map((c) => flattenConfig(c));
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  return paths.map((path) => {
    const values = flat.map((f) => f[path] ?? '—');
    return { path, values, differs: new Set(values).size > 1 };
  });
}
