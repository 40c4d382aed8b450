import type { Static } from 'typebox';
import type {
  LocationMessagesQuery,
  MessageListResponse,
  MessageSchema,
  MessageSettingsBody,
  MessageSettingsResponse,
} from '../../../src/modules/notifications/messages.schemas.js';
import { query, request } from './http.js';

// Types from the server's schemas (import type only, as types.ts does).
export type Message = Static<typeof MessageSchema>;
export type MessageList = Static<typeof MessageListResponse>;
export type MessageFilters = Static<typeof LocationMessagesQuery>;
export type MessageSettings = Static<typeof MessageSettingsResponse>;
export type MessageSettingsInput = Static<typeof MessageSettingsBody>;

const f = (franchiseId: string): string => `/franchises/${encodeURIComponent(franchiseId)}`;
const opts = (signal?: AbortSignal) => (signal ? { signal } : {});

/** Messages to clients and barbers: what was sent, retries, and a location's reminder settings. */
export const messagesApi = {
  forAppointment: (fid: string, appointmentId: string, signal?: AbortSignal) =>
    request<MessageList>(`${f(fid)}/appointments/${appointmentId}/messages`, opts(signal)).then((r) => r.messages),
  forLocation: (fid: string, locationId: string, filters: MessageFilters, signal?: AbortSignal) =>
    request<MessageList>(`${f(fid)}/locations/${locationId}/messages${query(filters)}`, opts(signal)),
  retry: (fid: string, messageId: string) => request<Message>(`${f(fid)}/messages/${messageId}/retry`, { method: 'POST' }),
  settings: (fid: string, locationId: string, signal?: AbortSignal) => request<MessageSettings>(`${f(fid)}/locations/${locationId}/message-settings`, opts(signal)),
  saveSettings: (fid: string, locationId: string, body: MessageSettingsInput) =>
    request<MessageSettings>(`${f(fid)}/locations/${locationId}/message-settings`, { method: 'PUT', body }),
};
