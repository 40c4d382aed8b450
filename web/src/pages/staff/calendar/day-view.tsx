import type { CSSProperties } from 'react';
import type { Appointment, Barber, TimeOff } from '../../../api/types.js';
import { formatClock, hhmmOf, wallTime } from '../../../time/zone-time.js';
import { initials } from '../../book/barber-step.js';
import { STATUS_LABEL, gridHours, minutesWithin, nowMinutes, onDate, timeOffOn, workingRanges } from './calendar-model.js';
import { layoutLanes } from './lanes.js';
import './day-view.css';

const PX_PER_MINUTE = 1.4;

interface Props {
  readonly date: string;
  readonly isToday: boolean;
  readonly timezone: string;
  readonly barbers: readonly Barber[];
  readonly appointments: readonly Appointment[];
  readonly timeOff: readonly TimeOff[];
  readonly fresh: ReadonlySet<string>;
  readonly showCancelled: boolean;
  readonly onOpen: (appointment: Appointment) => void;
  readonly onOpenTimeOff: (timeOff: TimeOff) => void;
}

/** One column per barber; working hours white, the rest shaded; appointments and time off placed by time. */
export function DayView({ date, isToday, timezone, barbers, appointments, timeOff, fresh, showCancelled, onOpen, onOpenTimeOff }: Props) {
  const visible = appointments.filter((item) => showCancelled || item.status !== 'cancelled');
  const hours = gridHours(barbers, [...visible, ...onDate(timeOff, date)], date);
  const height = (hours.end - hours.start) * PX_PER_MINUTE;
  const y = (minutes: number): number => (Math.max(hours.start, Math.min(hours.end, minutes)) - hours.start) * PX_PER_MINUTE;
  const ticks = Array.from({ length: (hours.end - hours.start) / 60 + 1 }, (_, index) => hours.start + index * 60);
  const now = isToday ? nowMinutes(timezone) : -1;

  return (
    <div className="day-view" style={{ '--columns': barbers.length } as CSSProperties}>
      <div className="day-view__head">
        <div className="day-view__corner" />
        {barbers.map((barber) => (
          <div key={barber.id} className="day-view__barber">
            <span className="avatar avatar--small" aria-hidden="true">
              {initials(barber.name)}
            </span>
            <span>{barber.name}</span>
          </div>
        ))}
      </div>
      <div className="day-view__body" style={{ height }}>
        <div className="day-view__gutter" aria-hidden="true">
          {ticks.map((minute) => (
            <span key={minute} className="day-view__tick" style={{ top: y(minute) }}>
              {formatClock(hhmmOf(minute === 24 * 60 ? 0 : minute))}
            </span>
          ))}
        </div>
        {barbers.map((barber) => {
          const mine = visible.filter((item) => item.barberId === barber.id);
          const off = timeOffOn(timeOff, barber.id, date);
          const lanes = layoutLanes(mine.map((item) => ({ id: item.id, start: minutesWithin(item.start, date), end: minutesWithin(item.end, date) })));
          return (
            <div key={barber.id} className="day-view__column" role="group" aria-label={`${barber.name}'s appointments`}>
              {ticks.map((minute) => (
                <span key={minute} className="day-view__line" style={{ top: y(minute) }} aria-hidden="true" />
              ))}
              {workingRanges(barber, date).map((range) => (
                <span key={range.start} className="day-view__working" style={{ top: y(range.start), height: y(range.end) - y(range.start) }} aria-hidden="true" />
              ))}
              {off.map((item) => {
                const top = y(minutesWithin(item.start, date));
                return (
                  <button key={item.id} type="button" className="block block--off" style={{ top, height: Math.max(22, y(minutesWithin(item.end, date)) - top) }} onClick={() => onOpenTimeOff(item)}>
                    <span className="block__time">Time off</span>
                    {item.reason && <span className="block__text">{item.reason}</span>}
                  </button>
                );
              })}
              {mine.map((item) => {
                const top = y(minutesWithin(item.start, date));
                const place = lanes.get(item.id) ?? { lane: 0, lanes: 1 };
                const height = Math.max(24, y(minutesWithin(item.end, date)) - top - 2);
                const style: CSSProperties = {
                  top,
                  height,
                  left: `calc(${(place.lane / place.lanes) * 100}% + 3px)`,
                  width: `calc(${100 / place.lanes}% - 6px)`,
                };
                return (
                  <button
                    key={item.id}
                    type="button"
                   
                    className={`block block--${item.status}${height < 40 ? ' block--compact' : ''}${fresh.has(item.id) ? ' block--fresh' : ''}`}
                    style={style}
                    onClick={() => onOpen(item)}
                    aria-label={`${formatClock(wallTime(item.start))} to ${formatClock(wallTime(item.end))}: ${item.service.name} for ${item.client.name}, ${STATUS_LABEL[item.status]}${fresh.has(item.id) ? ', new' : ''}`}
                    data-appointment={item.id}
                  >
                    <span className="block__time">
                      {formatClock(wallTime(item.start))} {item.status !== 'booked' && <span className="block__status">· {STATUS_LABEL[item.status]}</span>}
                    </span>
                    <span className="block__text">
                      <strong>{item.client.name}</strong> · {item.service.name}
                    </span>
                  </button>
                );
              })}
              {now >= hours.start && now <= hours.end && <span className="day-view__now" style={{ top: y(now) }} aria-hidden="true" />}
            </div>
          );
        })}
      </div>
    </div>
  );
}
