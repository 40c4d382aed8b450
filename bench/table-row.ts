/** One line of the bench table: a figure, the reference measured in the same run, their ratio, latencies. */
export interface Row {
  readonly measure: string;
  readonly value: string;
  readonly reference: string;
  readonly ratio: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}
