// Labels as the docker CLI takes them (--label KEY=VALUE, repeatable) and the label=KEY[=VALUE]
// filter every list command shares.

/** --label values as a map: "a=b" sets a to b, "a" sets a to "". */
export function labelsFrom(values: readonly string[] | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const entry of values ?? []) {
    const cut = entry.indexOf('=');
    if (cut === -1) labels[entry] = '';
    else labels[entry.slice(0, cut)] = entry.slice(cut + 1);
  }
  return labels;
}

/** label=KEY matches anything carrying KEY; label=KEY=VALUE only that value. */
export function matchesLabel(labels: Readonly<Record<string, string>>, value: string): boolean {
  const cut = value.indexOf('=');
  if (cut === -1) return Object.hasOwn(labels, value);
  const key = value.slice(0, cut);
  return Object.hasOwn(labels, key) && labels[key] === value.slice(cut + 1);
}
