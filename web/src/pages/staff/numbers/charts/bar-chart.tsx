import { niceTicks } from './scale.js';
import { useWidth } from './use-width.js';

export interface BarPoint {
  readonly label: string;
  /** A short label under the bar; empty to skip (long periods). */
  readonly axisLabel: string;
  readonly value: number;
  readonly detail: string;
}

interface Props {
  readonly title: string;
  readonly points: readonly BarPoint[];
  readonly format: (value: number) => string;
}

const HEIGHT = 220;
const PAD = { top: 12, right: 8, bottom: 28, left: 56 };

/** Vertical bars over time, SVG only; a hidden table carries the same numbers for screen readers. */
export function BarChart({ title, points, format }: Props) {
  const { ref, width: WIDTH } = useWidth<HTMLElement>(640);
  const ticks = niceTicks(Math.max(0, ...points.map((point) => point.value)));
  const top = ticks.at(-1) ?? 1;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, points.length);
  const barW = Math.max(2, Math.min(36, slot * 0.7));
  const y = (value: number): number => PAD.top + innerH - (value / top) * innerH;
  // About one axis label per 70 px, so labels never collide.
  const labelEvery = Math.max(1, Math.ceil(points.length / Math.max(2, Math.floor(innerW / 70))));
  const total = points.reduce((sum, point) => sum + point.value, 0);

  return (
    <figure className="chart" ref={ref}>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} role="img" aria-label={`${title}: ${points.length} bars, total ${format(total)}`} className="chart__svg" data-chart="bars">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} className="chart__grid" />
            <text x={PAD.left - 8} y={y(tick)} className="chart__axis" textAnchor="end" dominantBaseline="middle">
              {format(tick)}
            </text>
          </g>
        ))}
        {points.map((point, index) => {
          const x = PAD.left + index * slot + (slot - barW) / 2;
          const height = Math.max(point.value > 0 ? 1 : 0, y(0) - y(point.value));
          return (
            <g key={point.label}>
              <rect x={x} y={y(0) - height} width={barW} height={height} rx={2} className="chart__bar">
                <title>{`${point.label}: ${format(point.value)} (${point.detail})`}</title>
              </rect>
              {index % labelEvery === 0 && point.axisLabel && (
                <text x={x + barW / 2} y={HEIGHT - 8} className="chart__axis" textAnchor="middle">
                  {point.axisLabel}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {/* A table ignores width: 1px, so the hiding box wraps it. */}
      <div className="visually-hidden">
      <table>
        <caption>{title}</caption>
        <tbody>
          {points.map((point) => (
            <tr key={point.label}>
              <th scope="row">{point.label}</th>
              <td>{format(point.value)}</td>
              <td>{point.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </figure>
  );
}
