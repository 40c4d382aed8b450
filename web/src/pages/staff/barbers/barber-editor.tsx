import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber, ShopService, WeeklyInterval } from '../../../api/types.js';
import { Notice, ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { TextField } from '../../../ui/field.js';
import { fieldError } from '../../../ui/problem-text.js';
import { todayIn } from '../../../time/local-date.js';
import { TimeOffList } from './time-off-list.js';
import { WeeklyHoursEditor, hoursProblems } from './weekly-hours-editor.js';

interface Props {
  readonly franchiseId: string;
  readonly timezone: string;
  readonly barber: Barber;
  readonly services: readonly ShopService[];
  readonly onChanged: (barber: Barber) => void;
}

/** One barber: weekly hours and services (saved together, as the API takes them), active or not, time off. */
export function BarberEditor({ franchiseId, timezone, barber, services, onChanged }: Props) {
  const [weekly, setWeekly] = useState<WeeklyInterval[]>(barber.weekly.slice());
  const [serviceIds, setServiceIds] = useState<string[]>(barber.serviceIds.slice());
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState<unknown>();
  const [activeBusy, setActiveBusy] = useState(false);
  // Empty: the new hours hold from today. An earlier date records a change made late; the numbers follow it.
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const today = todayIn(timezone);
  const invalid = hoursProblems(weekly).size > 0;

  const save = async (): Promise<void> => {
    setBusy(true);
    setSaved(false);
    setProblem(undefined);
    try {
      const schedule = await shopApi.replaceSchedule(franchiseId, barber.id, { weekly, serviceIds, ...(effectiveFrom && { effectiveFrom }) });
      onChanged({ ...barber, weekly: schedule.weekly, serviceIds: schedule.serviceIds });
      setSaved(true);
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  };
  const toggleActive = async (): Promise<void> => {
    setActiveBusy(true);
    setProblem(undefined);
    try {
      onChanged(await shopApi.updateBarber(franchiseId, barber.id, { isActive: !barber.isActive }));
    } catch (error) {
      setProblem(error);
    } finally {
      setActiveBusy(false);
    }
  };

  return (
    <div className="barber-editor">
      <section className="card">
        <div className="page-header">
          <h2 className="card__title">{barber.name}</h2>
          <Button variant="secondary" small busy={activeBusy} onClick={() => void toggleActive()}>
            {barber.isActive ? 'Deactivate' : 'Activate'}
          </Button>
        </div>
        {!barber.isActive && <Notice tone="warning">Inactive: not bookable online and hidden from the calendar.</Notice>}
        <h3 className="barber-editor__heading">Weekly hours</h3>
        <p className="small muted">In the shop's time zone ({timezone.replace(/_/g, ' ')}). Clients can book inside these hours only.</p>
        <WeeklyHoursEditor value={weekly} onChange={(next) => { setWeekly(next); setSaved(false); }} who={barber.name} />
        <TextField
          label="These hours apply from"
          optional
          type="date"
          max={today}
          value={effectiveFrom}
          hint="Leave empty for today. Past numbers use the hours that were in force on each day."
          error={fieldError(problem, 'effectiveFrom')}
          onChange={(event) => { setEffectiveFrom(event.target.value); setSaved(false); }}
        />
        <h3 className="barber-editor__heading">Services</h3>
        <div className="barber-editor__services" role="group" aria-label={`Services ${barber.name} does`}>
          {services.map((service) => (
            <label key={service.id} className="checkbox">
              <input
                type="checkbox"
                checked={serviceIds.includes(service.id)}
                onChange={(event) => {
                  setServiceIds((ids) => (event.target.checked ? [...ids, service.id] : ids.filter((id) => id !== service.id)));
                  setSaved(false);
                }}
              />
              {service.name}
              {!service.isActive && <span className="muted small"> (paused)</span>}
            </label>
          ))}
        </div>
        <ProblemAlert error={problem} />
        {saved && (
          <p className="alert alert--success" role="status">
            Saved. The booking page shows the new times now.
          </p>
        )}
        <Button busy={busy} disabled={invalid} onClick={() => void save()}>
          Save hours and services
        </Button>
      </section>
      <TimeOffList franchiseId={franchiseId} timezone={timezone} barber={barber} />
    </div>
  );
}
