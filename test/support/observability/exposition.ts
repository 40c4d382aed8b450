/** The series names a Prometheus text exposition declares: every family, and a histogram's _bucket/_sum/_count. */
export function declaredNames(exposition: string): { names: Set<string>; histograms: Set<string>; withSamples: Set<string> } {
  const names = new Set<string>();
  const histograms = new Set<string>();
  const withSamples = new Set<string>();
  for (const line of exposition.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      const [, name, kind] = type as unknown as [string, string, string];
      names.add(name);
      if (kind === 'histogram' || kind === 'summary') {
        histograms.add(name);
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (sample?.[1]) withSamples.add(sample[1]);
  }
  return { names, histograms, withSamples };
}
