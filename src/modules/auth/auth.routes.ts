import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import type { AuthService } from './auth.service.js';
import { ChangePasswordBody, LoginBody, LogoutBody, MeSchema, PasswordResetConfirmBody, PasswordResetRequestBody, SignupBody, UserSchema } from './auth.schemas.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

const tags = ['accounts'];
const security = [{ session: [] }];

export function authRoutes(auth: AuthService, sessionTtlSeconds: number): RouteModule {
  return (app) => {
    app.post(
      '/auth/signup',
      {
        schema: {
          tags,
          operationId: 'signUp',
          security: [],
          summary: 'Create an account and sign in',
          body: SignupBody,
          response: { 201: UserSchema, ...problemResponses(400, 409, 429) },
        },
      },
      async (request, reply) => {
        const { user, session } = await auth.signup(request.ctx, request.body);
        setSessionCookie(request, reply, session.id, sessionTtlSeconds);
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/auth/login',
      {
        schema: {
          tags,
          operationId: 'logIn',
          security: [],
          summary: 'Sign in with email and password',
          body: LoginBody,
          response: { 200: UserSchema, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { user, session } = await auth.login(request.ctx, request.body);
        setSessionCookie(request, reply, session.id, sessionTtlSeconds);
        return user;
      },
    );

    // Logout in a scope of its own: text/plain has no parser here (415), so a plain
    // cross-site form or fetch cannot sign anyone out; no body at all still works.
    void app.register(async (scoped) => {
      scoped.removeContentTypeParser('text/plain');
      scoped.addHook('preValidation', async (request) => {
        request.body ??= {};
      });
      scoped.post(
        '/auth/logout',
        {
          schema: {
            tags,
            operationId: 'logOut',
            // Signed in or not: without a session there is nothing to end, and the answer is the same 204.
            security: [{ session: [] }, {}],
            summary: 'Sign out this session',
            // Nothing in it is read; one that is sent must be JSON (415), parse and be empty (400).
            body: LogoutBody,
            response: { 204: Type.Null(), ...problemResponses(400, 415) },
          },
        },
        async (request, reply) => {
          await auth.logout(request.ctx);
          clearSessionCookie(request, reply);
          return reply.status(204).send(null);
        },
      );

      scoped.post(
        '/auth/logout-all',
        {
          schema: {
            tags,
            operationId: 'logOutEverywhere',
            security,
            summary: 'Sign out every session of this account',
            body: LogoutBody,
            response: { 204: Type.Null(), ...problemResponses(400, 401, 415) },
          },
        },
        async (request, reply) => {
          await auth.logoutAll(request.ctx);
          clearSessionCookie(request, reply);
          return reply.status(204).send(null);
        },
      );
    });

    app.post(
      '/auth/password',
      {
        schema: {
          tags,
          operationId: 'changePassword',
          security,
          summary: 'Change the password (the current one is required); every other session ends',
          body: ChangePasswordBody,
          response: { 200: UserSchema, ...problemResponses(400, 401, 429) },
        },
      },
      async (request, reply) => {
        const { user, session } = await auth.changePassword(request.ctx, request.body);
        setSessionCookie(request, reply, session.id, sessionTtlSeconds);
        return user;
      },
    );

    app.post(
      '/auth/password-reset',
      {
        schema: {
          tags,
          operationId: 'requestPasswordReset',
          security: [],
          summary: 'Email a single-use reset link, if the email has an account',
          description: 'The answer is 202 whether or not the email has an account. Rate limited per address and per email.',
          body: PasswordResetRequestBody,
          response: { 202: Type.Null(), ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => {
        await auth.requestPasswordReset(request.ctx, request.body);
        return reply.status(202).send(null);
      },
    );

    app.post(
      '/auth/password-reset/confirm',
      {
        schema: {
          tags,
          operationId: 'confirmPasswordReset',
          security: [],
          summary: 'Set a new password with a reset link; every session of the account ends',
          description: 'An unknown, expired or used link is 400 LinkInvalid.',
          body: PasswordResetConfirmBody,
          response: { 204: Type.Null(), ...problemResponses(400, 429) },
        },
      },
      async (request, reply) => {
        await auth.confirmPasswordReset(request.ctx, request.body);
        clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/me',
      {
        schema: { tags, operationId: 'getMe', security, summary: 'The signed-in user and their memberships', response: { 200: MeSchema, ...problemResponses(401) } },
      },
      async (request, reply) => {
        const me = await auth.me(request.ctx);
        if (request.ctx.actor) setSessionCookie(request, reply, request.ctx.actor.sessionId, sessionTtlSeconds);
        return me;
      },
    );
  };
}
