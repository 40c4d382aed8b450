export interface MeterItem {
  readonly label: string;
  /** 0…max, or null when there is nothing to divide. */
  readonly value: number | null;
  readonly text: string;
  /** A mark on the scale (a goal), in the same unit as value. */
  readonly target?: number;
}

interface Props {
  readonly title: string;
  readonly items: readonly MeterItem[];
  /** Full scale; 1 for percentages, more when values may pass the goal. */
  readonly max?: number;
  readonly tone?: 'primary' | 'accent' | 'success';
  readonly targetLabel?: string;
}

const percent = (value: number, max: number): string => `${(Math.min(max, Math.max(0, value)) / max) * 100}%`;

/**
 * Horizontal bars for shares and rates: "how much of the whole" reads best as a
 * length. Plain HTML, so labels stay legible at any width.
 */
export function MeterList({ title, items, max = 1, tone = 'primary', targetLabel }: Props) {
  const target = items.find((item) => item.target !== undefined)?.target;
  return (
    <figure className="meters" data-chart="meters" aria-label={title}>
      <ul className="list-plain">
        {items.map((item) => (
          <li key={item.label} className="meter">
            <span className="meter__label">{item.label}</span>
            <span className="meter__track" role="img" aria-label={`${item.label}: ${item.text}`}>
              {item.value !== null && <span className={`meter__bar meter__bar--${tone}`} style={{ width: percent(item.value, max) }} />}
              {target !== undefined && <span className="meter__goal" style={{ left: percent(target, max) }} aria-hidden="true" />}
            </span>
            <span className="meter__value tabular">{item.text}</span>
          </li>
        ))}
      </ul>
      {target !== undefined && targetLabel && (
        <figcaption className="meter__legend small muted">
          <span className="meter__legend-mark" aria-hidden="true" /> {targetLabel}
        </figcaption>
      )}
    </figure>
  );
}
