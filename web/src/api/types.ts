/**
 * The API's types, derived from the server's own TypeBox schemas. `import type`
 * only: no server code reaches the bundle, and no second hand-written copy of
 * the contract exists — a schema change on the server breaks this build.
 */
import type { Static } from 'typebox';
import type { ProblemSchema } from '../../../src/http/common-schemas.js';
import type { LocationPageResponse } from '../../../src/modules/location-page/location-page.schemas.js';
import type { AvailabilityResponse, SlotSchema } from '../../../src/modules/availability/availability.schemas.js';
import type { BookingResponse, CreateBookingBody, RescheduleBody } from '../../../src/modules/bookings/bookings.schemas.js';
import type { LoginBody, MeSchema, MembershipSchema, SignupBody, UserSchema } from '../../../src/modules/auth/auth.schemas.js';
import type { CreateFranchiseBody, FranchiseDetailSchema, FranchiseSchema } from '../../../src/modules/franchises/franchises.schemas.js';
import type { CreateLocationBody, LocationSchema, UpdateLocationBody } from '../../../src/modules/locations/locations.schemas.js';
import type { CreateServiceBody, ShopServiceSchema, UpdateServiceBody } from '../../../src/modules/shop-services/shop-services.schemas.js';
import type {
  BarberSchema,
  CreateBarberBody,
  CreatedTimeOffSchema,
  ScheduleBody,
  ScheduleSchema,
  TimeOffBody,
  TimeOffSchema,
  UpdateBarberBody,
  WeeklyIntervalSchema,
} from '../../../src/modules/barbers/barbers.schemas.js';
import type { MemberSchema } from '../../../src/modules/members/members.schemas.js';
import type { AcceptBody, AcceptedSchema, InvitationPreviewSchema, InvitationSchema, InviteBody } from '../../../src/modules/invitations/invitations.schemas.js';
import type { ChangePasswordBody, PasswordResetConfirmBody } from '../../../src/modules/auth/auth.schemas.js';
import type { AppointmentItem, CalendarResponse, StatusBody } from '../../../src/modules/appointments/appointments.schemas.js';
import type {
  ClientSearchResponse,
  MoveBody,
  SeriesBody,
  SeriesPreviewResponse,
  SeriesResponse,
  StaffCreateBody,
  WalkInBody,
} from '../../../src/modules/bookings/staff-bookings.schemas.js';
import type { CurrentWaitResponse } from '../../../src/modules/availability/current-wait.schemas.js';
import type { AnalyticsReportSchema } from '../../../src/modules/analytics/analytics.schemas.js';

export type Problem = Static<typeof ProblemSchema>;
export type FieldError = NonNullable<Problem['errors']>[number];

// Public booking
export type LocationPage = Static<typeof LocationPageResponse>;
export type ServiceItem = LocationPage['services'][number];
export type BarberItem = LocationPage['barbers'][number];
export type OpeningHours = LocationPage['hours'][number];
export type Availability = Static<typeof AvailabilityResponse>;
export type Slot = Static<typeof SlotSchema>;
export type Booking = Static<typeof BookingResponse>;
export type CreateBooking = Static<typeof CreateBookingBody>;
export type Reschedule = Static<typeof RescheduleBody>;

// Accounts and shop management
export type Signup = Static<typeof SignupBody>;
export type Login = Static<typeof LoginBody>;
export type User = Static<typeof UserSchema>;
export type Me = Static<typeof MeSchema>;
export type Membership = Static<typeof MembershipSchema>;
export type Role = Membership['role'];
export type CreateFranchise = Static<typeof CreateFranchiseBody>;
export type Franchise = Static<typeof FranchiseSchema>;
export type FranchiseDetail = Static<typeof FranchiseDetailSchema>;
export type CreateLocation = Static<typeof CreateLocationBody>;
export type UpdateLocation = Static<typeof UpdateLocationBody>;
export type ShopLocation = Static<typeof LocationSchema>;
export type Policy = ShopLocation['policy'];
export type Address = NonNullable<ShopLocation['address']>;
export type CreateService = Static<typeof CreateServiceBody>;
export type UpdateService = Static<typeof UpdateServiceBody>;
export type ShopService = Static<typeof ShopServiceSchema>;
export type Barber = Static<typeof BarberSchema>;
export type CreateBarber = Static<typeof CreateBarberBody>;
export type UpdateBarber = Static<typeof UpdateBarberBody>;
export type WeeklyInterval = Static<typeof WeeklyIntervalSchema>;
export type ScheduleInput = Static<typeof ScheduleBody>;
export type Schedule = Static<typeof ScheduleSchema>;
export type TimeOffInput = Static<typeof TimeOffBody>;
export type TimeOff = Static<typeof TimeOffSchema>;
export type CreatedTimeOff = Static<typeof CreatedTimeOffSchema>;
export type Member = Static<typeof MemberSchema>;
export type Invitation = Static<typeof InvitationSchema>;
export type InviteInput = Static<typeof InviteBody>;
export type InvitationPreview = Static<typeof InvitationPreviewSchema>;
export type AcceptInput = Static<typeof AcceptBody>;
export type Accepted = Static<typeof AcceptedSchema>;
export type ChangePassword = Static<typeof ChangePasswordBody>;
export type ResetConfirm = Static<typeof PasswordResetConfirmBody>;
export type Appointment = Static<typeof AppointmentItem>;
export type AppointmentStatus = Appointment['status'];
export type Calendar = Static<typeof CalendarResponse>;
export type StatusChange = Static<typeof StatusBody>;
export type StaffCreate = Static<typeof StaffCreateBody>;
export type WalkIn = Static<typeof WalkInBody>;
export type MoveInput = Static<typeof MoveBody>;
export type SeriesInput = Static<typeof SeriesBody>;
export type SeriesPreview = Static<typeof SeriesPreviewResponse>;
export type SeriesResult = Static<typeof SeriesResponse>;
export type ClientMatch = Static<typeof ClientSearchResponse>['clients'][number];
export type CurrentWait = Static<typeof CurrentWaitResponse>;
export type AnalyticsReport = Static<typeof AnalyticsReportSchema>;
export type Metrics = AnalyticsReport['summary'];
export type LocationMetrics = AnalyticsReport['locations'][number];
export type BarberMetrics = LocationMetrics['barbers'][number];
export type Ratio = Metrics['noShowRate'];
export type MoneyAmount = Metrics['revenue'][number];
export type SeriesPoint = Metrics['series'][number];
