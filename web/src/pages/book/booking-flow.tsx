import { useReducer, useState } from 'react';
import type { LocationPage, Slot } from '../../api/types.js';
import { SlotPicker } from '../../features/slot-picker/slot-picker.js';
import { isProblem } from '../../ui/problem-text.js';
import { navigate } from '../../router/router.js';
import { formatDuration, formatMoney } from '../../time/money.js';
import { BarberStep } from './barber-step.js';
import { bookingReducer, initialBooking, isDone } from './booking-state.js';
import type { StepName } from './booking-state.js';
import { DetailsForm } from './details-form.js';
import { ReviewStep, slotLabel } from './review-step.js';
import { ServiceStep } from './service-step.js';
import { Step } from './step.js';
import { useBook } from './use-book.js';

/** Service → barber → time → details → confirm, on one page; each step can be changed later. */
export function BookingFlow({ location }: { readonly location: LocationPage }) {
  const [state, dispatch] = useReducer(bookingReducer, initialBooking);
  const [refreshKey, setRefreshKey] = useState(0);
  const { book, busy, problem, clearProblem } = useBook(location.slug);

  const service = location.services.find((item) => item.id === state.serviceId);
  const barbers = service ? location.barbers.filter((barber) => barber.serviceIds.includes(service.id)) : [];
  const barber = location.barbers.find((item) => item.id === state.barberId);
  const step = (name: StepName) => ({ active: state.step === name, done: isDone(state, name), onChange: () => dispatch({ type: 'goto', step: name }) });

  const chooseSlot = (slot: Slot): void => {
    clearProblem();
    dispatch({ type: 'slot', slot });
  };

  const confirm = async (): Promise<void> => {
    if (!service || !state.slot || !state.details) return;
    const { name, email, phone, notes } = state.details;
    const booking = await book({
      serviceId: service.id,
      start: state.slot.start,
      ...(state.barberId && { barberId: state.barberId }),
      client: { name, email, ...(phone && { phone }) },
      ...(notes && { notes }),
    });
    if (booking) navigate(`/confirmed/${encodeURIComponent(booking.manageToken)}`, { state: { booking } });
  };

  // A lost race: the time list behind the message is stale, refresh it.
  const onPickOtherTime = (): void => {
    clearProblem();
    setRefreshKey((value) => value + 1);
    dispatch({ type: 'goto', step: 'time' });
  };

  const clientProblem = isProblem(problem, 'ValidationFailed') ? problem : undefined;

  return (
    <div className="flow">
      <Step number={1} title="Choose a service" {...step('service')} summary={service && `${service.name} · ${formatDuration(service.durationMinutes)} · ${formatMoney(service.priceCents, location.currency)}`}>
        <ServiceStep
          services={location.services}
          currency={location.currency}
          selected={state.serviceId}
          onSelect={(serviceId) => {
            clearProblem();
            const keeps = state.barberId === null || (state.barberId !== undefined && location.barbers.some((b) => b.id === state.barberId && b.serviceIds.includes(serviceId)));
            dispatch({ type: 'service', serviceId, barberKeeps: keeps });
          }}
        />
      </Step>
      <Step number={2} title="Choose a barber" {...step('barber')} summary={state.barberId === null ? 'Anyone' : barber?.name}>
        <BarberStep barbers={barbers} selected={state.barberId} onSelect={(barberId) => dispatch({ type: 'barber', barberId })} />
      </Step>
      <Step number={3} title="Pick a time" {...step('time')} summary={state.slot && slotLabel(state.slot.start, location.timezone)}>
        {service && state.barberId !== undefined && (
          <SlotPicker
            slug={location.slug}
            timezone={location.timezone}
            serviceId={service.id}
            barberId={state.barberId ?? undefined}
            horizonDays={location.policy.horizonDays}
            selected={state.slot}
            onSelect={chooseSlot}
            refreshKey={refreshKey}
          />
        )}
      </Step>
      <Step number={4} title="Your details" {...step('details')} summary={state.details && `${state.details.name} · ${state.details.email}`}>
        <DetailsForm initial={state.details} problem={clientProblem} onSubmit={(details) => dispatch({ type: 'details', details })} />
      </Step>
      <Step number={5} title="Confirm" active={state.step === 'review'} done={false}>
        {service && state.slot && state.details && (
          <ReviewStep
            location={location}
            service={service}
            barber={barber}
            slot={state.slot}
            details={state.details}
            busy={busy}
            problem={problem}
            onConfirm={() => void confirm()}
            onPickAlternative={chooseSlot}
            onPickOtherTime={onPickOtherTime}
          />
        )}
      </Step>
    </div>
  );
}
