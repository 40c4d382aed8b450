import type { BarberItem } from '../../api/types.js';

interface Props {
  readonly barbers: readonly BarberItem[];
  readonly selected: string | null | undefined;
  readonly onSelect: (barberId: string | null) => void;
}

export const initials = (name: string): string =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part.charAt(0).toUpperCase())
    .join('');

/** "Anyone" first (the most free times), then each barber who does the chosen service. */
export function BarberStep({ barbers, selected, onSelect }: Props) {
  return (
    <ul className="choice-list choice-list--grid" aria-label="Barbers">
      <li>
        <button type="button" className="choice" aria-pressed={selected === null} onClick={() => onSelect(null)} data-barber="anyone">
          <span className="avatar avatar--any" aria-hidden="true">
            ★
          </span>
          <span className="choice__main">
            <span className="choice__name">Anyone</span>
            <span className="choice__meta">The first free barber: most times</span>
          </span>
        </button>
      </li>
      {barbers.map((barber) => (
        <li key={barber.id}>
          <button type="button" className="choice" aria-pressed={selected === barber.id} onClick={() => onSelect(barber.id)} data-barber={barber.name}>
            <span className="avatar" aria-hidden="true">
              {initials(barber.name)}
            </span>
            <span className="choice__main">
              <span className="choice__name">{barber.name}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
