import type { ReactNode } from 'react';

interface Props {
  readonly label: string;
  readonly value: string;
  readonly sub?: ReactNode;
  /** The formula in words, from the API's `formulas`, and the numbers it used. */
  readonly formula: string;
  readonly workings?: string;
  /** The same number for the previous period of the same length, already formatted. */
  readonly previous?: string | undefined;
}

/** One number, what it is made of, and how it is calculated one click away. */
export function KpiCard({ label, value, sub, formula, workings, previous }: Props) {
  return (
    <div className="kpi card" data-kpi={label}>
      <p className="kpi__label">{label}</p>
      <p className="kpi__value tabular">{value}</p>
      {sub && <p className="kpi__sub small muted">{sub}</p>}
      {previous !== undefined && <p className="kpi__previous small tabular">{previous}</p>}
      <details className="details-toggle kpi__how">
        <summary>How is this calculated?</summary>
        <p className="small">{formula}</p>
        {workings && <p className="small tabular kpi__workings">{workings}</p>}
      </details>
    </div>
  );
}
