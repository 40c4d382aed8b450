import type { Slot } from '../../api/types.js';
import { formatClock, wallMinutes, wallTime } from '../../time/zone-time.js';

interface Props {
  readonly slots: readonly Slot[];
  readonly selected: string | undefined;
  readonly onSelect: (slot: Slot) => void;
}

const PARTS = [
  { name: 'Morning', until: 12 * 60 },
  { name: 'Afternoon', until: 17 * 60 },
  { name: 'Evening', until: 24 * 60 },
] as const;

/** The free start times of one day, grouped into morning, afternoon and evening. */
export function SlotGrid({ slots, selected, onSelect }: Props) {
  let from = 0;
  const groups = PARTS.map((part) => {
    const items = slots.filter((slot) => wallMinutes(slot.start) >= from && wallMinutes(slot.start) < part.until);
    from = part.until;
    return { name: part.name, items };
  }).filter((group) => group.items.length > 0);

  return (
    <div className="slot-grid">
      {groups.map((group) => (
        <div key={group.name} className="slot-grid__group" role="group" aria-label={group.name}>
          <h4 className="slot-grid__heading">{group.name}</h4>
          <div className="slot-grid__times">
            {group.items.map((slot) => (
              <button key={slot.start} type="button" className="slot" aria-pressed={slot.start === selected} data-start={slot.start} onClick={() => onSelect(slot)}>
                {formatClock(wallTime(slot.start))}
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
