import type { Slot } from '../../api/types.js';

export type StepName = 'service' | 'barber' | 'time' | 'details' | 'review';
export const STEPS: readonly StepName[] = ['service', 'barber', 'time', 'details', 'review'];

export interface ClientDetails {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly notes: string;
}

export interface BookingState {
  readonly step: StepName;
  readonly serviceId: string | undefined;
  /** null: anyone free at that time. undefined: not chosen yet. */
  readonly barberId: string | null | undefined;
  readonly slot: Slot | undefined;
  readonly details: ClientDetails | undefined;
}

export type BookingAction =
  | { readonly type: 'service'; readonly serviceId: string; readonly barberKeeps: boolean }
  | { readonly type: 'barber'; readonly barberId: string | null }
  | { readonly type: 'slot'; readonly slot: Slot }
  | { readonly type: 'details'; readonly details: ClientDetails }
  | { readonly type: 'goto'; readonly step: StepName };

export const initialBooking: BookingState = { step: 'service', serviceId: undefined, barberId: undefined, slot: undefined, details: undefined };

/** The booking flow as a reducer: each choice clears what depended on it, and moves on. */
export function bookingReducer(state: BookingState, action: BookingAction): BookingState {
  switch (action.type) {
    case 'service':
      return {
        ...state,
        serviceId: action.serviceId,
        barberId: action.barberKeeps ? state.barberId : undefined,
        slot: undefined,
        step: action.barberKeeps && state.barberId !== undefined ? 'time' : 'barber',
      };
    case 'barber':
      return { ...state, barberId: action.barberId, slot: undefined, step: 'time' };
    case 'slot':
      return { ...state, slot: action.slot, step: state.details ? 'review' : 'details' };
    case 'details':
      return { ...state, details: action.details, step: 'review' };
    case 'goto':
      return isReachable(state, action.step) ? { ...state, step: action.step } : state;
  }
}

/** A step can be opened once everything before it is chosen. */
export function isReachable(state: BookingState, step: StepName): boolean {
  switch (step) {
    case 'service':
      return true;
    case 'barber':
      return state.serviceId !== undefined;
    case 'time':
      return state.serviceId !== undefined && state.barberId !== undefined;
    case 'details':
      return state.slot !== undefined;
    case 'review':
      return state.slot !== undefined && state.details !== undefined;
  }
}

export function isDone(state: BookingState, step: StepName): boolean {
  switch (step) {
    case 'service':
      return state.serviceId !== undefined;
    case 'barber':
      return state.barberId !== undefined;
    case 'time':
      return state.slot !== undefined;
    case 'details':
      return state.details !== undefined;
    case 'review':
      return false;
  }
}
