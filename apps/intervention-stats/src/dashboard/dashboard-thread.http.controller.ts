import { ENGAGE_ID_RULE, isEngageId } from '@handover/contracts';
import { BadRequestException, Controller, Get, Inject, Param, Req, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AllowedHostGuard } from '../access/access.guards';
import { DASHBOARD_ACCESS, type DashboardAccess } from '../access/dashboard-access';
import { DASHBOARD_CSP } from './dashboard.http.controller';
import { HtmlPageHeaders } from './page/html-page-headers.decorator';
import { renderThreadPage } from './page/thread.page';

/** One conversation's timeline as a page, linked from the dashboard's threads; signed-in supervisors only. */
@ApiTags('dashboard')
@Controller('dashboard/threads')
@UseGuards(AllowedHostGuard)
export class DashboardThreadHttpController {
  constructor(@Inject(DASHBOARD_ACCESS) private readonly access: DashboardAccess) {}

  @Get(':threadId')
  @ApiOperation({
    summary: "One conversation's statistics and timeline (HTML), drawn from GET /analytics/threads/:threadId",
  })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'The page, for a signed-in supervisor' })
  @ApiResponse({ status: 303, description: 'Not signed in: to /dashboard/login' })
  @ApiResponse({ status: 400, description: 'threadId is not an RCED id' })
  @HtmlPageHeaders(DASHBOARD_CSP)
  thread(
    @Param('threadId') threadId: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    if (!isEngageId(threadId)) {
      throw new BadRequestException(`threadId must be ${ENGAGE_ID_RULE}`);
    }
    const supervisor = this.access.authenticate(request.headers);
    if (supervisor === undefined) {
      void reply.code(303).header('Location', '../login');
      return '';
    }
    return renderThreadPage({ threadId, supervisor: supervisor.name });
  }
}
