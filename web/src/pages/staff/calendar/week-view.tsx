import type { Appointment, Barber, TimeOff } from '../../../api/types.js';
import { addDays, dayOfMonth, weekdayShort } from '../../../time/local-date.js';
import { formatClock, wallDate, wallTime } from '../../../time/zone-time.js';
import { STATUS_LABEL, onDate } from './calendar-model.js';
import './week-view.css';

interface Props {
  readonly weekStart: string;
  readonly today: string;
  readonly barbers: readonly Barber[];
  readonly appointments: readonly Appointment[];
  readonly timeOff: readonly TimeOff[];
  readonly fresh: ReadonlySet<string>;
  readonly showCancelled: boolean;
  readonly onOpen: (appointment: Appointment) => void;
  readonly onOpenDay: (date: string) => void;
}

/** Seven day columns, each an agenda of the day across barbers: how full the week is, at a glance. */
export function WeekView({ weekStart, today, barbers, appointments, timeOff, fresh, showCancelled, onOpen, onOpenDay }: Props) {
  const days = Array.from({ length: 7 }, (_, index) => addDays(weekStart, index));
  const barberName = (id: string): string => barbers.find((barber) => barber.id === id)?.name ?? '';
  return (
    <div className="week-view">
      {days.map((date) => {
        const items = appointments.filter((item) => wallDate(item.start) === date && (showCancelled || item.status !== 'cancelled'));
        const off = onDate(timeOff, date);
        return (
          <section key={date} className="week-view__day" aria-current={date === today ? 'date' : undefined} aria-label={`${weekdayShort(date)} ${dayOfMonth(date)}: ${items.length} appointments`}>
            <button type="button" className="week-view__date" onClick={() => onOpenDay(date)} aria-label={`Open ${weekdayShort(date)} ${dayOfMonth(date)} in the day view`}>
              <span className="week-view__weekday">{weekdayShort(date)}</span>
              <span className="week-view__number">{dayOfMonth(date)}</span>
              <span className="week-view__count">{items.length === 0 ? 'free' : `${items.length} booked`}</span>
            </button>
            <ul className="list-plain week-view__list">
              {off.map((item) => (
                <li key={item.id} className="week-item week-item--off">
                  Time off · {barberName(item.barberId)}
                  {item.reason && ` · ${item.reason}`}
                </li>
              ))}
              {items.map((item) => (
                <li key={item.id}>
                  <button type="button" className={`week-item week-item--${item.status}${fresh.has(item.id) ? ' block--fresh' : ''}`} onClick={() => onOpen(item)} data-appointment={item.id}>
                    <span className="week-item__time">{formatClock(wallTime(item.start))}</span>
                    <span className="week-item__text">
                      {item.client.name} · {item.service.name}
                    </span>
                    <span className="week-item__who">
                      {item.barber.name}
                      {item.status !== 'booked' && ` · ${STATUS_LABEL[item.status]}`}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
