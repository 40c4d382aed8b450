import { useRef, useState } from 'react';
import type { CSSProperties, DragEvent, MouseEvent } from 'react';
import type { Appointment, Barber, TimeOff } from '../../../api/types.js';
import { formatClock, hhmmOf, wallTime } from '../../../time/zone-time.js';
import { initials } from '../../book/barber-step.js';
import { STATUS_LABEL, gridHours, minutesWithin, nowMinutes, onDate, timeOffOn, workingRanges } from './calendar-model.js';
import { layoutLanes } from './lanes.js';
import { useNarrowScreen } from './use-narrow-screen.js';
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
  /** A tap or click on an empty time of a barber's column: minutes since the local midnight. */
  readonly onPickTime?: (barberId: string, minutes: number) => void;
  /** A booked appointment dropped on a column (desktop drag). */
  readonly onDropMove?: (appointment: Appointment, barberId: string, minutes: number) => void;
}

// Taps and drops land on five-minute marks; the dialogs take any minute.
const SNAP_MINUTES = 5;

/** One column per barber; working hours white, the rest shaded; appointments and time off placed by time. */
export function DayView({ date, isToday, timezone, barbers: allBarbers, appointments, timeOff, fresh, showCancelled, onOpen, onOpenTimeOff, onPickTime, onDropMove }: Props) {
  // On a phone the day shows one barber at a time, chosen with the switcher above the grid.
  const narrow = useNarrowScreen();
  const [chosen, setChosen] = useState<string>();
  const working = allBarbers.filter((barber) => workingRanges(barber, date).length > 0);
  const current = allBarbers.find((barber) => barber.id === chosen) ?? working[0] ?? allBarbers[0];
  const barbers = narrow && current ? [current] : allBarbers;
  const grab = useRef(0);
  const visible = appointments.filter((item) => showCancelled || item.status !== 'cancelled');
  const hours = gridHours(barbers, [...visible, ...onDate(timeOff, date)], date);
  const height = (hours.end - hours.start) * PX_PER_MINUTE;
  const y = (minutes: number): number => (Math.max(hours.start, Math.min(hours.end, minutes)) - hours.start) * PX_PER_MINUTE;
  const ticks = Array.from({ length: (hours.end - hours.start) / 60 + 1 }, (_, index) => hours.start + index * 60);
  const now = isToday ? nowMinutes(timezone) : -1;

  const minuteAt = (event: MouseEvent<HTMLElement> | DragEvent<HTMLElement>, offsetPx = 0): number => {
    const top = event.currentTarget.getBoundingClientRect().top;
    const minutes = hours.start + (event.clientY - top - offsetPx) / PX_PER_MINUTE;
    return Math.max(hours.start, Math.min(hours.end, Math.round(minutes / SNAP_MINUTES) * SNAP_MINUTES));
  };
  const dropped = (event: DragEvent<HTMLDivElement>, barberId: string): void => {
    const item = appointments.find((candidate) => candidate.id === event.dataTransfer.getData('text/x-appointment'));
    if (!item || !onDropMove) return;
    event.preventDefault();
    onDropMove(item, barberId, minuteAt(event, grab.current));
  };

  return (
    <>
    {narrow && allBarbers.length > 1 && (
      <div className="day-view__switcher segmented" role="group" aria-label="Barber">
        {allBarbers.map((barber) => (
          <button key={barber.id} type="button" aria-pressed={barber.id === current?.id} onClick={() => setChosen(barber.id)}>
            {barber.name}
            {workingRanges(barber, date).length === 0 && <span className="muted"> (off)</span>}
          </button>
        ))}
      </div>
    )}
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
            <div
              key={barber.id}
              className={`day-view__column${onPickTime ? ' day-view__column--pickable' : ''}`}
              role="group"
              aria-label={`${barber.name}'s appointments`}
              data-barber={barber.id}
              onClick={(event) => {
                // Only the empty grid: appointments and time off are buttons of their own.
                if (onPickTime && !(event.target as HTMLElement).closest('button')) onPickTime(barber.id, minuteAt(event));
              }}
              onDragOver={(event) => {
                if (onDropMove && event.dataTransfer.types.includes('text/x-appointment')) event.preventDefault();
              }}
              onDrop={(event) => dropped(event, barber.id)}
            >
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
                    draggable={onDropMove !== undefined && item.status === 'booked' && !narrow}
                    onDragStart={(event) => {
                      event.dataTransfer.setData('text/x-appointment', item.id);
                      event.dataTransfer.effectAllowed = 'move';
                      // Where in the block it was grabbed: the drop places the block's top, not the pointer.
                      grab.current = event.clientY - event.currentTarget.getBoundingClientRect().top;
                    }}
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
    </>
  );
}
