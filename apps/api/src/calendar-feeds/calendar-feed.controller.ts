import { Controller, Get, Header, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthenticatedActor, CurrentActor, Public } from '../common/actor';
import { SkipIdempotency } from '../common/idempotency.interceptor';
import { CalendarFeedService } from './calendar-feed.service';
import { ApiErrors } from '../common/api-docs';
import { CalendarFeedView } from './calendar-feed.view';

/** Where the caller reached the API: the feed URL is built on it. */
function baseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

@ApiTags('me')
@ApiBearerAuth()
@Controller('me/calendar-feed')
export class MyCalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  /** The caller's secret calendar feed URL (issued on first request). */
  @Get()
  @ApiOperation({
    operationId: 'getMyCalendarFeed',
    description: 'The caller’s secret calendar feed URL, issued on first request',
  })
  @ApiOkResponse({ type: CalendarFeedView })
  @ApiErrors(401, 403)
  feed(@CurrentActor() actor: AuthenticatedActor, @Req() req: Request) {
    return this.feeds.feed(actor, baseUrl(req));
  }

  /** Revokes the caller's feed URL at once and answers a new one. Carries a secret: never replayed. */
  @Post('rotate')
  @SkipIdempotency()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rotateMyCalendarFeed',
    description: 'Revokes the caller’s feed URL and answers a new one',
  })
  @ApiOkResponse({ type: CalendarFeedView })
  @ApiErrors(401, 403)
  rotate(@CurrentActor() actor: AuthenticatedActor, @Req() req: Request) {
    return this.feeds.rotate(actor, baseUrl(req));
  }
}

/** The feed itself, at /feeds/<token>.ics (outside /api): calendar clients subscribe without a login. */
@ApiTags('me')
@Public()
@Controller('feeds')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Get(':token.ics')
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiOperation({ operationId: 'getCalendarFeed', description: 'The iCalendar feed a token opens (no login)' })
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiErrors(404)
  calendar(@Param('token') token: string) {
    return this.feeds.calendar(token);
  }
}
