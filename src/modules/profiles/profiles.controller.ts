import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../../platform/auth/auth.guard.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../platform/auth/current-principal.decorator.js';
import { CurrentViewer } from '../../platform/auth/current-viewer.decorator.js';
import { OptionalAuthGuard } from '../../platform/auth/optional-auth.guard.js';
import { ProfileResponse } from './dto/profile.response.js';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { ApiTags } from '@nestjs/swagger';
import { ProfilesService } from './profiles.service.js';

@Controller('api/profiles')
@ApiTags('Profile')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get(':username')
  @UseGuards(OptionalAuthGuard)
  @ApiEndpoint({
    operationId: 'GetProfileByUsername',
    summary: 'A profile',
    auth: 'optional',
    success: { status: 200, type: ProfileResponse, description: 'The profile.' },
    problems: [404],
    conditional: true,
  })
  get(
    @Param('username') username: string,
    @CurrentViewer() viewerId?: string,
  ): Promise<ProfileResponse> {
    return this.profiles.get(username, viewerId);
  }

  @Post(':username/follow')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'FollowUserByUsername',
    summary: 'Follow a user',
    description: 'Following yourself is refused (422). An empty JSON body is accepted.',
    auth: 'required',
    success: { status: 200, type: ProfileResponse, description: 'The profile, followed.' },
    problems: [404, 422],
  })
  follow(
    @CurrentPrincipal() principal: Principal,
    @Param('username') username: string,
  ): Promise<ProfileResponse> {
    return this.profiles.follow(principal.userId, username);
  }

  @Delete(':username/follow')
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'UnfollowUserByUsername',
    summary: 'Unfollow a user',
    auth: 'required',
    success: {
      status: 200,
      type: ProfileResponse,
      description: 'The profile, no longer followed.',
    },
    problems: [404],
  })
  unfollow(
    @CurrentPrincipal() principal: Principal,
    @Param('username') username: string,
  ): Promise<ProfileResponse> {
    return this.profiles.unfollow(principal.userId, username);
  }
}
