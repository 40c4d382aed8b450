import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import { setSessionCookie } from '../auth/session-cookie.js';
import type { InvitationsService } from './invitations.service.js';
import { AcceptBody, AcceptedSchema, InvitationList, InvitationParams, InvitationPreviewSchema, InvitationSchema, InviteBody, TokenParams } from './invitations.schemas.js';

const security = [{ session: [] }];

export function invitationRoutes(invitations: InvitationsService, sessionTtlSeconds: number): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/invitations',
      {
        schema: {
          tags: ['management'],
          operationId: 'inviteMember',
          security,
          summary: 'Invite someone by email to a role (a pending grant)',
          description:
            'The answer is the same whether or not the email has an account. Nothing is granted until the invited person accepts the emailed link. ' +
            'Inviting the same email again replaces the pending invitation.',
          params: FranchiseParams,
          body: InviteBody,
          response: { 201: InvitationSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.status(201).send(await invitations.create(request.ctx, request.params.franchiseId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/invitations',
      {
        schema: {
          tags: ['management'],
          operationId: 'listInvitations',
          security,
          summary: 'Pending invitations',
          params: FranchiseParams,
          response: { 200: InvitationList, ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => ({ invitations: await invitations.list(request.ctx, request.params.franchiseId) }),
    );

    app.delete(
      '/franchises/:franchiseId/invitations/:invitationId',
      {
        schema: {
          tags: ['management'],
          operationId: 'revokeInvitation',
          security,
          summary: 'Revoke a pending invitation (its link stops working)',
          params: InvitationParams,
          response: { 204: Type.Null(), ...problemResponses(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await invitations.revoke(request.ctx, request.params.franchiseId, request.params.invitationId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/invitations/:token',
      {
        schema: {
          tags: ['accounts'],
          operationId: 'getInvitation',
          security: [],
          summary: 'What an invitation link offers (for its holder)',
          description: 'An unknown, expired, revoked or accepted link is 400 LinkInvalid.',
          params: TokenParams,
          response: { 200: InvitationPreviewSchema, ...problemResponses(400) },
        },
      },
      async (request) => invitations.preview(request.ctx, request.params.token),
    );

    app.post(
      '/invitations/:token/accept',
      {
        schema: {
          tags: ['accounts'],
          operationId: 'acceptInvitation',
          security: [{ session: [] }, {}],
          summary: 'Accept an invitation, creating the account if the email has none',
          description:
            'Signed in as the invited email: accepts. No account for it: name and password create one and sign it in. ' +
            'An account exists but is not signed in: 401. Signed in as another email: 403.',
          params: TokenParams,
          body: AcceptBody,
          response: { 200: AcceptedSchema, ...problemResponses(400, 401, 403, 409, 429) },
        },
      },
      async (request, reply) => {
        const { accepted, session } = await invitations.accept(request.ctx, request.params.token, request.body);
        if (session) setSessionCookie(request, reply, session.id, sessionTtlSeconds);
        return accepted;
      },
    );
  };
}
