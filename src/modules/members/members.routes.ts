import { Type } from 'typebox';
import type { RouteModule } from '../../http/app-types.js';
import { problemResponses } from '../../http/common-schemas.js';
import { FranchiseParams } from '../../http/route-params.js';
import type { InvitationsService } from '../invitations/invitations.service.js';
import { InvitationSchema } from '../invitations/invitations.schemas.js';
import { AddMemberBody, MemberParams, MemberSchema } from './members.schemas.js';
import type { MembersService } from './members.service.js';

const tags = ['management'];
const security = [{ session: [] }];

export function membersRoutes(members: MembersService, invitations: InvitationsService): RouteModule {
  return (app) => {
    app.post(
      '/franchises/:franchiseId/members',
      {
        schema: {
          tags,
          operationId: 'addMember',
          security,
          summary: 'Invite someone to a role (kept for v1 clients: the same as POST /invitations)',
          description:
            'No longer grants anything at once: it creates a pending invitation that the person accepts by the emailed link, ' +
            'and answers 202 with it, the same whether or not the email has an account.',
          params: FranchiseParams,
          body: AddMemberBody,
          response: { 202: InvitationSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) => reply.status(202).send(await invitations.create(request.ctx, request.params.franchiseId, request.body)),
    );

    app.get(
      '/franchises/:franchiseId/members',
      {
        schema: {
          tags,
          operationId: 'listMembers',
          security,
          summary: "The franchise's members",
          params: FranchiseParams,
          response: { 200: Type.Object({ members: Type.Array(MemberSchema) }), ...problemResponses(401, 403, 404) },
        },
      },
      async (request) => ({ members: await members.list(request.ctx, request.params.franchiseId) }),
    );

    app.delete(
      '/franchises/:franchiseId/members/:userId',
      {
        schema: {
          tags,
          operationId: 'removeMember',
          security,
          summary: 'Remove a member (not the last owner)',
          params: MemberParams,
          response: { 204: Type.Null(), ...problemResponses(401, 403, 404, 409) },
        },
      },
      async (request, reply) => {
        await members.remove(request.ctx, request.params.franchiseId, request.params.userId);
        return reply.status(204).send(null);
      },
    );
  };
}
