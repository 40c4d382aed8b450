import { useState } from 'react';
import { shopApi } from '../../../api/staff-api.js';
import type { Barber, ShopService, WeeklyInterval } from '../../../api/types.js';
import { ProblemAlert } from '../../../ui/problem-alert.js';
import { Button } from '../../../ui/status.js';
import { useSubmit } from '../../../ui/use-submit.js';
import { WeeklyHoursEditor, hoursProblems } from '../barbers/weekly-hours-editor.js';

interface Props {
  readonly franchiseId: string;
  readonly barbers: readonly Barber[];
  readonly services: readonly ShopService[];
  readonly onDone: () => void;
}

const DEFAULT_HOURS: WeeklyInterval[] = [
  ...[2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '18:00' })),
  { weekday: 6, start: '09:00', end: '16:00' },
];

/** Step 5: opening hours, given to every barber at once (each can be changed later). */
export function HoursStep({ franchiseId, barbers, services, onDone }: Props) {
  const [weekly, setWeekly] = useState<WeeklyInterval[]>(() => barbers.find((barber) => barber.weekly.length > 0)?.weekly.slice() ?? DEFAULT_HOURS);
  const { busy, problem, run } = useSubmit({ leavesOnSuccess: true });
  const invalid = hoursProblems(weekly).size > 0;

  const save = (): Promise<void> =>
    run(async () => {
      const serviceIds = services.map((service) => service.id);
      await Promise.all(barbers.map((barber) => shopApi.replaceSchedule(franchiseId, barber.id, { weekly, serviceIds })));
      onDone();
    });
  return (
    <div>
      <p className="muted">
        These hours apply to {barbers.length === 1 ? barbers[0]?.name : `all ${barbers.length} barbers`}, who will do every service. Fine-tune each barber later under “Barbers &amp; hours”.
      </p>
      <WeeklyHoursEditor value={weekly} onChange={setWeekly} />
      <ProblemAlert error={problem} />
      <Button onClick={() => void save()} busy={busy} disabled={invalid || weekly.length === 0}>
        Save hours and open for bookings
      </Button>
    </div>
  );
}
