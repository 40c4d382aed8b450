import type { ServiceItem } from '../../api/types.js';
import { formatDuration, formatMoney } from '../../time/money.js';

interface Props {
  readonly services: readonly ServiceItem[];
  readonly currency: string;
  readonly selected: string | undefined;
  readonly onSelect: (serviceId: string) => void;
}

/** The service menu: what it is, how long, how much. Choosing one starts the booking. */
export function ServiceStep({ services, currency, selected, onSelect }: Props) {
  if (services.length === 0) {
    return <p className="muted">This shop has not published its services yet. Please check back soon.</p>;
  }
  return (
    <ul className="choice-list" aria-label="Services">
      {services.map((service) => (
        <li key={service.id}>
          <button type="button" className="choice" aria-pressed={service.id === selected} onClick={() => onSelect(service.id)} data-service={service.name}>
            <span className="choice__main">
              <span className="choice__name">{service.name}</span>
              <span className="choice__meta">
                {formatDuration(service.durationMinutes)}
                {service.depositCents > 0 && ` · ${formatMoney(service.depositCents, currency)} deposit`}
              </span>
            </span>
            <span className="choice__price">{formatMoney(service.priceCents, currency)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
