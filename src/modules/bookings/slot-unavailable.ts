import { DomainError } from '../../errors/domain-error.js';
import type { AvailabilityWindow } from '../availability/availability-window.js';

const MAX_ALTERNATIVES = 5;

/**
 * 409 SlotUnavailable with the next free starts of the same window, so a UI can
 * offer them at once. The detail says why, for humans; clients branch on the code.
 */
export function slotUnavailable(window: AvailabilityWindow, startMs: number, raced = false): DomainError {
  const { rules, clock, location } = window;
  let detail = `${clock.format(startMs)} is not a free slot (taken, outside working hours, during time off, or off the ${location.slotStepMinutes}-minute grid).`;
  if (raced) detail = `${clock.format(startMs)} was just taken by another booking.`;
  else if (startMs < rules.earliestStartMs) detail = `${clock.format(startMs)} is in the past or inside the minimum notice of ${location.minNoticeMinutes} minutes.`;
  else if (clock.localDate(startMs) > rules.lastBookableDate) detail = `${clock.format(startMs)} is beyond the booking horizon of ${location.horizonDays} days.`;
  const alternatives = window.slots
    .filter((slot) => slot.start > startMs)
    .slice(0, MAX_ALTERNATIVES)
    .map((slot) => ({ start: clock.format(slot.start), end: clock.format(slot.end), barberIds: slot.barberIds }));
  return new DomainError('SlotUnavailable', detail, { extensions: { alternatives } });
}
