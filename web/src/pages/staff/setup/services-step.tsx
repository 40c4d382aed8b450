import { shopApi } from '../../../api/staff-api.js';
import type { ShopLocation, ShopService } from '../../../api/types.js';
import { Button } from '../../../ui/status.js';
import { formatDuration, formatMoney } from '../../../time/money.js';
import { ServiceForm } from '../services/service-form.js';

interface Props {
  readonly franchiseId: string;
  readonly location: ShopLocation;
  readonly services: readonly ShopService[];
  readonly onAdded: (service: ShopService) => void;
  readonly onDone: () => void;
}

/** Step 3: the menu. One service is enough to start; more can follow any time. */
export function ServicesStep({ franchiseId, location, services, onAdded, onDone }: Props) {
  return (
    <div>
      {services.length > 0 ? (
        <ul className="list-plain setup-list" aria-label="Services added">
          {services.map((service) => (
            <li key={service.id} className="row-item">
              <strong>{service.name}</strong>
              <span className="tabular">
                {formatDuration(service.durationMinutes)} · {formatMoney(service.priceCents, location.currency)}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Add what clients can book, with its length and price. Start with your most popular service.</p>
      )}
      <ServiceForm currency={location.currency} compact onSubmit={async (draft) => onAdded(await shopApi.createService(franchiseId, { ...draft, locationId: location.id }))} />
      <Button onClick={onDone} disabled={services.length === 0}>
        {services.length === 0 ? 'Add a service to continue' : 'Continue'}
      </Button>
    </div>
  );
}
