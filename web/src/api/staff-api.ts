import { query, request } from './http.js';
import type {
  AcceptInput,
  Accepted,
  AnalyticsReport,
  ChangePassword,
  Invitation,
  InvitationPreview,
  InviteInput,
  ResetConfirm,
  Appointment,
  AppointmentStatus,
  Barber,
  Calendar,
  ClientMatch,
  CreateBarber,
  CreateFranchise,
  CreateLocation,
  CreateService,
  CreatedTimeOff,
  Franchise,
  FranchiseDetail,
  Login,
  Me,
  Member,
  MoveInput,
  Schedule,
  ScheduleInput,
  SeriesInput,
  SeriesPreview,
  SeriesResult,
  ShopLocation,
  ShopService,
  Signup,
  StaffCreate,
  TimeOff,
  TimeOffInput,
  UpdateBarber,
  UpdateLocation,
  UpdateService,
  User,
  WalkIn,
} from './types.js';

/** The signed-in side: accounts and shop management (session cookie). */
const f = (franchiseId: string): string => `/franchises/${encodeURIComponent(franchiseId)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

export const authApi = {
  signup: (body: Signup) => request<User>('/auth/signup', { method: 'POST', body }),
  login: (body: Login) => request<User>('/auth/login', { method: 'POST', body }),
  logout: () => request<void>('/auth/logout', { method: 'POST' }),
  me: (signal?: AbortSignal) => request<Me>('/me', opts(signal)),
  changePassword: (body: ChangePassword) => request<User>('/auth/password', { method: 'POST', body }),
  requestReset: (email: string) => request<void>('/auth/password-reset', { method: 'POST', body: { email } }),
  confirmReset: (body: ResetConfirm) => request<void>('/auth/password-reset/confirm', { method: 'POST', body }),
  invitation: (token: string, signal?: AbortSignal) => request<InvitationPreview>(`/invitations/${encodeURIComponent(token)}`, opts(signal)),
  acceptInvitation: (token: string, body: AcceptInput) => request<Accepted>(`/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body }),
};

export const shopApi = {
  createFranchise: (body: CreateFranchise) => request<Franchise>('/franchises', { method: 'POST', body }),
  franchise: (fid: string, signal?: AbortSignal) => request<FranchiseDetail>(f(fid), opts(signal)),

  createLocation: (fid: string, body: CreateLocation) => request<ShopLocation>(`${f(fid)}/locations`, { method: 'POST', body }),
  updateLocation: (fid: string, locationId: string, body: UpdateLocation) =>
    request<ShopLocation>(`${f(fid)}/locations/${locationId}`, { method: 'PATCH', body }),

  services: (fid: string, locationId: string, signal?: AbortSignal) =>
    request<{ services: ShopService[] }>(`${f(fid)}/services${query({ locationId })}`, opts(signal)).then((r) => r.services),
  createService: (fid: string, body: CreateService) => request<ShopService>(`${f(fid)}/services`, { method: 'POST', body }),
  updateService: (fid: string, serviceId: string, body: UpdateService) =>
    request<ShopService>(`${f(fid)}/services/${serviceId}`, { method: 'PATCH', body }),

  barbers: (fid: string, locationId: string, signal?: AbortSignal) =>
    request<{ barbers: Barber[] }>(`${f(fid)}/barbers${query({ locationId })}`, opts(signal)).then((r) => r.barbers),
  createBarber: (fid: string, body: CreateBarber) => request<Barber>(`${f(fid)}/barbers`, { method: 'POST', body }),
  updateBarber: (fid: string, barberId: string, body: UpdateBarber) => request<Barber>(`${f(fid)}/barbers/${barberId}`, { method: 'PATCH', body }),
  replaceSchedule: (fid: string, barberId: string, body: ScheduleInput) =>
    request<Schedule>(`${f(fid)}/barbers/${barberId}/schedule`, { method: 'PUT', body }),

  timeOff: (fid: string, barberId: string, range: { from: string; to: string }, signal?: AbortSignal) =>
    request<{ timeOff: TimeOff[] }>(`${f(fid)}/barbers/${barberId}/time-off${query(range)}`, opts(signal)).then((r) => r.timeOff),
  addTimeOff: (fid: string, barberId: string, body: TimeOffInput) =>
    request<CreatedTimeOff>(`${f(fid)}/barbers/${barberId}/time-off`, { method: 'POST', body }),
  removeTimeOff: (fid: string, barberId: string, timeOffId: string) =>
    request<void>(`${f(fid)}/barbers/${barberId}/time-off/${timeOffId}`, { method: 'DELETE' }),

  members: (fid: string, signal?: AbortSignal) => request<{ members: Member[] }>(`${f(fid)}/members`, opts(signal)).then((r) => r.members),
  invite: (fid: string, body: InviteInput) => request<Invitation>(`${f(fid)}/invitations`, { method: 'POST', body }),
  invitations: (fid: string, signal?: AbortSignal) => request<{ invitations: Invitation[] }>(`${f(fid)}/invitations`, opts(signal)).then((r) => r.invitations),
  revokeInvitation: (fid: string, invitationId: string) => request<void>(`${f(fid)}/invitations/${invitationId}`, { method: 'DELETE' }),
  removeMember: (fid: string, userId: string) => request<void>(`${f(fid)}/members/${userId}`, { method: 'DELETE' }),

  appointments: (fid: string, range: { from: string; to: string; locationId?: string; barberId?: string }, signal?: AbortSignal) =>
    request<Calendar>(`${f(fid)}/appointments${query(range)}`, opts(signal)),
  setStatus: (fid: string, appointmentId: string, status: AppointmentStatus, reason?: string) =>
    request<Appointment>(`${f(fid)}/appointments/${appointmentId}`, { method: 'PATCH', body: { status, ...(reason && { reason }) } }),
  undoStatus: (fid: string, appointmentId: string) => request<Appointment>(`${f(fid)}/appointments/${appointmentId}/undo`, { method: 'POST' }),

  // The front desk (staff rules: see staff-bookings.schemas on the server).
  searchClients: (fid: string, q: string, signal?: AbortSignal) =>
    request<{ clients: ClientMatch[] }>(`${f(fid)}/clients${query({ q })}`, opts(signal)).then((r) => r.clients),
  book: (fid: string, body: StaffCreate, idempotencyKey: string) =>
    request<Appointment>(`${f(fid)}/appointments`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
  walkIn: (fid: string, body: WalkIn, idempotencyKey: string) =>
    request<Appointment>(`${f(fid)}/walk-ins`, { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } }),
  move: (fid: string, appointmentId: string, body: MoveInput) => request<Appointment>(`${f(fid)}/appointments/${appointmentId}/move`, { method: 'POST', body }),
  previewSeries: (fid: string, body: SeriesInput) => request<SeriesPreview>(`${f(fid)}/appointment-series/preview`, { method: 'POST', body }),
  createSeries: (fid: string, body: SeriesInput) => request<SeriesResult>(`${f(fid)}/appointment-series`, { method: 'POST', body }),

  analytics: (fid: string, range: { from: string; to: string; locationId?: string | undefined }, signal?: AbortSignal) =>
    request<AnalyticsReport>(`${f(fid)}/analytics${query(range)}`, opts(signal)),
};
