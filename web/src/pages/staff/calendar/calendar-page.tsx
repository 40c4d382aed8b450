import { useEffect, useMemo, useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Appointment, ShopService, TimeOff } from '../../../api/types.js';
import { navigate, useLocation, useTitle } from '../../../router/router.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button, EmptyState, Skeleton } from '../../../ui/status.js';
import { addDays, formatDate, startOfWeek, todayIn } from '../../../time/local-date.js';
import { useSession } from '../session.js';
import { AppointmentDialog } from './appointment-dialog.js';
import { DayView } from './day-view.js';
import { AddTimeOffDialog, TimeOffDialog } from './time-off-dialog.js';
import { POLL_SECONDS, useCalendarData } from './use-calendar-data.js';
import { WeekView } from './week-view.js';
import { hhmmOf, wallToInstant } from '../../../time/zone-time.js';
import { NewAppointmentDialog } from '../front-desk/new-appointment-dialog.js';
import { WalkInDialog } from '../front-desk/walk-in-dialog.js';
import './calendar.css';

type View = 'day' | 'week';

/** The shop's calendar: a day per barber, or the week; polled so new bookings appear on their own. */
export function CalendarPage() {
  useTitle('Calendar');
  const { franchise, location, me, isManager } = useSession();
  const { query } = useLocation();
  const timezone = location?.timezone ?? 'UTC';
  const today = todayIn(timezone);
  const view: View = query.get('view') === 'week' ? 'week' : 'day';
  const date = /^\d{4}-\d{2}-\d{2}$/.test(query.get('date') ?? '') ? (query.get('date') as string) : today;
  const from = view === 'week' ? startOfWeek(date) : date;
  const to = view === 'week' ? addDays(from, 6) : date;

  const range = useMemo(() => ({ franchiseId: franchise?.id ?? '', locationId: location?.id ?? '', from, to }), [franchise?.id, location?.id, from, to]);
  const { data, stale, error, updatedAt, fresh, reload, replace } = useCalendarData(range);
  const [open, setOpen] = useState<Appointment>();
  const [openOff, setOpenOff] = useState<TimeOff>();
  const [addingOff, setAddingOff] = useState(false);
  const [showCancelled, setShowCancelled] = useState(false);
  const [creating, setCreating] = useState<{ barberId?: string; time?: string }>();
  const [walkingIn, setWalkingIn] = useState(false);
  const [moveProblem, setMoveProblem] = useState<unknown>();
  const [services, setServices] = useState<readonly ShopService[]>([]);
  useEffect(() => {
    if (!franchise || !location) return;
    const controller = new AbortController();
    shopApi.services(franchise.id, location.id, controller.signal).then(setServices, () => setServices([]));
    return () => controller.abort();
  }, [franchise, location]);
  // A drag on the desktop: the same atomic move as the dialog's; the server's answer replaces the block.
  const dropMove = (item: Appointment, barberId: string, minutes: number): void => {
    setMoveProblem(undefined);
    shopApi
      .move(franchise?.id ?? '', item.id, { start: wallToInstant(date, hhmmOf(minutes), timezone), barberId })
      .then(replace, setMoveProblem);
  };

  const go = (next: { date?: string; view?: View }): void => {
    const params = new URLSearchParams({ view: next.view ?? view, date: next.date ?? date });
    navigate(`/app/calendar?${params.toString()}`, { replace: true });
  };
  const step = view === 'week' ? 7 : 1;
  // A barber's calendar is their own column ("my day"): the API returns only their appointments, and time off
  // can only be blocked for themselves, so the page shows just that column.
  const barbers = (data?.barbers ?? []).filter((barber) => barber.isActive && (isManager || barber.userId === me.id));
  const cancelledCount = data?.appointments.filter((item) => item.status === 'cancelled').length ?? 0;
  const activeCount = (data?.appointments.length ?? 0) - cancelledCount;
  const freshCount = fresh.size;

  if (!franchise || !location) return null;
  return (
    <div className="calendar">
      <div className="calendar__toolbar">
        <div className="button-row">
          <Button variant="secondary" small onClick={() => go({ date: addDays(date, -step) })} aria-label={view === 'week' ? 'Previous week' : 'Previous day'}>
            ‹
          </Button>
          <Button variant="secondary" small onClick={() => go({ date: today })} disabled={date === today}>
            Today
          </Button>
          <Button variant="secondary" small onClick={() => go({ date: addDays(date, step) })} aria-label={view === 'week' ? 'Next week' : 'Next day'}>
            ›
          </Button>
          <h1 className="calendar__title">
            {!isManager && view === 'day' && <span className="calendar__mine">My day · </span>}
            {view === 'week' ? `Week of ${formatDate(from)}` : formatDate(date, 'long')}
          </h1>
        </div>
        <div className="button-row">
          <div className="segmented" role="group" aria-label="View">
            <button type="button" aria-pressed={view === 'day'} onClick={() => go({ view: 'day' })}>
              Day
            </button>
            <button type="button" aria-pressed={view === 'week'} onClick={() => go({ view: 'week' })}>
              Week
            </button>
          </div>
          {/* Booking, walk-ins and moves are the front desk's (owners and managers); the API refuses them to barbers too. */}
          {isManager && (
            <>
              <Button small onClick={() => setCreating({})} disabled={barbers.length === 0 || services.length === 0}>
                New appointment
              </Button>
              <Button small variant="secondary" onClick={() => setWalkingIn(true)} disabled={barbers.length === 0 || services.length === 0}>
                Walk-in now
              </Button>
            </>
          )}
          <Button small variant="secondary" onClick={() => setAddingOff(true)} disabled={barbers.length === 0}>
            Block time off
          </Button>
        </div>
      </div>
      <div className="calendar__status small muted" aria-live="polite">
        <span>
          {data && !stale && `${activeCount === 0 ? 'No' : activeCount} appointment${activeCount === 1 ? '' : 's'} · `}
          {updatedAt ? `updated ${updatedAt.toLocaleTimeString()}, refreshes every ${POLL_SECONDS} s` : 'Loading…'}
          {freshCount > 0 && <strong className="calendar__fresh"> · {freshCount} new booking{freshCount === 1 ? '' : 's'}</strong>}
        </span>
        {cancelledCount > 0 && (
          <label className="checkbox calendar__toggle">
            <input type="checkbox" checked={showCancelled} onChange={(event) => setShowCancelled(event.target.checked)} />
            Show cancelled ({cancelledCount})
          </label>
        )}
      </div>
      {error !== undefined && (
        <ProblemAlert error={error} title="The calendar could not be refreshed.">
          <Button variant="secondary" small onClick={() => void reload()}>
            Try again
          </Button>
        </ProblemAlert>
      )}
      {moveProblem !== undefined && <ProblemAlert error={moveProblem} title="The appointment was not moved." />}
      {data?.truncated && <p className="alert alert--warning">Not every appointment fits in one answer; pick a shorter range.</p>}
      <div className="calendar__surface" aria-busy={stale || !data} data-stale={stale || undefined}>
        {!data ? (
          <CalendarSkeleton />
        ) : barbers.length === 0 && !isManager ? (
          <EmptyState title="Your sign-in is not tied to a column here yet">
            <p>Ask the owner to link your barber column to your account (or to invite you for it).</p>
          </EmptyState>
        ) : barbers.length === 0 ? (
          <EmptyState title="No barbers at this location yet">
            <Button small onClick={() => navigate('/app/barbers')}>
              Add a barber
            </Button>
          </EmptyState>
        ) : view === 'day' ? (
          <DayView
            date={date}
            isToday={date === today}
            timezone={timezone}
            barbers={barbers}
            appointments={data.appointments}
            timeOff={data.timeOff}
            fresh={fresh}
            showCancelled={showCancelled}
            onOpen={setOpen}
            onOpenTimeOff={setOpenOff}
            onPickTime={isManager ? (barberId, minutes) => setCreating({ barberId, time: hhmmOf(minutes) }) : undefined}
            onDropMove={isManager ? dropMove : undefined}
          />
        ) : (
          <WeekView
            weekStart={from}
            today={today}
            barbers={barbers}
            appointments={data.appointments}
            timeOff={data.timeOff}
            fresh={fresh}
            showCancelled={showCancelled}
            onOpen={setOpen}
            onOpenDay={(day) => go({ view: 'day', date: day })}
          />
        )}
      </div>
      {open && (
        <AppointmentDialog
          franchiseId={franchise.id}
          appointment={open}
          barbers={barbers}
          onClose={() => setOpen(undefined)}
          onChanged={(next) => {
            replace(next);
            setOpen(next);
          }}
        />
      )}
      {openOff && (
        <TimeOffDialog franchiseId={franchise.id} timeOff={openOff} barber={barbers.find((b) => b.id === openOff.barberId)} onRemoved={() => void reload()} onClose={() => setOpenOff(undefined)} />
      )}
      {creating && (
        <NewAppointmentDialog
          franchiseId={franchise.id}
          locationId={location.id}
          timezone={timezone}
          barbers={barbers}
          services={services}
          date={date}
          barberId={creating.barberId}
          time={creating.time}
          onSaved={() => {
            setCreating(undefined);
            void reload();
          }}
          onClose={() => setCreating(undefined)}
        />
      )}
      {walkingIn && <WalkInDialog franchiseId={franchise.id} locationId={location.id} barbers={barbers} services={services} onSaved={() => void reload()} onClose={() => setWalkingIn(false)} />}
      {addingOff && <AddTimeOffDialog franchiseId={franchise.id} timezone={timezone} barbers={barbers} date={date} onSaved={() => void reload()} onClose={() => setAddingOff(false)} />}
    </div>
  );
}

function CalendarSkeleton() {
  return (
    <div className="calendar-skeleton" role="status" aria-label="Loading the calendar">
      <Skeleton height="3rem" />
      <Skeleton height="32rem" style={{ marginTop: '0.5rem' }} />
    </div>
  );
}
