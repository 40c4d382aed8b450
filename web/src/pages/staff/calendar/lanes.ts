/** Side-by-side lanes for blocks that overlap in time (a no-show and the booking that took its chair). */
export interface Span {
  readonly id: string;
  readonly start: number;
  readonly end: number;
}

export interface Placed {
  readonly lane: number;
  readonly lanes: number;
}

export function layoutLanes(spans: readonly Span[]): Map<string, Placed> {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const placed = new Map<string, Placed>();
  let cluster: { id: string; lane: number }[] = [];
  let clusterEnd = -Infinity;
  const laneEnds: number[] = [];
  const flush = (): void => {
    const lanes = Math.max(1, ...cluster.map((item) => item.lane + 1));
    for (const item of cluster) placed.set(item.id, { lane: item.lane, lanes });
    cluster = [];
    laneEnds.length = 0;
  };
  for (const span of sorted) {
    if (span.start >= clusterEnd) flush();
    let lane = laneEnds.findIndex((end) => end <= span.start);
    if (lane === -1) lane = laneEnds.length;
    laneEnds[lane] = span.end;
    cluster.push({ id: span.id, lane });
    clusterEnd = Math.max(clusterEnd, span.end);
  }
  flush();
  return placed;
}
