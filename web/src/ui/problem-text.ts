import { ApiProblem } from '../api/http.js';
import type { FieldError } from '../api/types.js';

/** What a person should read for a problem that concerns an action rather than one field. */
export function problemText(error: unknown): string {
  if (!(error instanceof ApiProblem)) return 'Something unexpected happened. Please reload the page and try again.';
  switch (error.code) {
    case 'RateLimited':
      return 'Too many attempts in a short time. Please wait a minute, then try again.';
    case 'NotSignedIn':
      return 'Your session has ended. Please sign in again.';
    case 'Forbidden':
      return 'Your role in this shop does not allow this. Ask an owner or manager.';
    case 'ShardUnavailable':
    case 'SessionStoreUnavailable':
    case 'FranchiseMoving':
    case 'Draining':
      return 'We are briefly busy moving things around. Please try again in a few seconds.';
    case 'InternalError':
      return `Something went wrong on our side. Please try again; if it keeps happening, quote request ${String(error.body.requestId ?? '')}.`;
    case 'ValidationFailed':
      return error.errors.length > 0 ? 'Please check the highlighted fields.' : error.detail;
    default:
      return error.detail;
  }
}

/** The API's validation messages (Ajv's wording) in plain words. */
export function plainMessage(message: string): string {
  const fewer = /must NOT have fewer than (\d+) (characters|items)/.exec(message);
  if (fewer) return fewer[1] === '1' ? 'This cannot be empty.' : `Use at least ${fewer[1]} ${fewer[2]}.`;
  const more = /must NOT have more than (\d+) (characters|items)/.exec(message);
  if (more) return `Use at most ${more[1]} ${more[2]}.`;
  if (/format "email"/.test(message)) return 'Enter an email address like name@example.com.';
  if (/format "uuid"/.test(message)) return 'Choose one from the list.';
  if (/must match pattern/.test(message)) return 'This does not look right; check the format.';
  const atLeast = /must be >= (\S+)/.exec(message);
  if (atLeast) return `Use ${atLeast[1]} or more.`;
  const atMost = /must be <= (\S+)/.exec(message);
  if (atMost) return `Use ${atMost[1]} or less.`;
  if (/must have required property/.test(message)) return 'This is required.';
  if (/must be integer/.test(message)) return 'Use a whole number.';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** "body.client.email" and "client.email" name the same field. */
const normalize = (path: string): string => path.replace(/^(body|query|querystring|params)\./, '').replace(/\//g, '.');

/** The message for one field of a form, when the API's problem names it. */
export function fieldError(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiProblem)) return undefined;
  const found = error.errors.find((item) => normalize(item.path) === path);
  return found ? plainMessage(found.message) : undefined;
}

/** Field errors the form does not show next to a field: listed under the action instead. */
export function otherFieldErrors(error: unknown, shown: readonly string[]): readonly FieldError[] {
  if (!(error instanceof ApiProblem)) return [];
  return error.errors.filter((item) => !shown.includes(normalize(item.path)));
}

export function isProblem(error: unknown, code: string): error is ApiProblem {
  return error instanceof ApiProblem && error.code === code;
}
