import { Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AuthGuard } from '../../platform/auth/auth.guard.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../platform/auth/current-principal.decorator.js';
import { CurrentViewer } from '../../platform/auth/current-viewer.decorator.js';
import { OptionalAuthGuard } from '../../platform/auth/optional-auth.guard.js';
import type { ProfileResponse } from './dto/profile.response.js';
import { ProfilesService } from './profiles.service.js';

@Controller('api/profiles')
export class ProfilesController {
  constructor(private readonly profiles: ProfilesService) {}

  @Get(':username')
  @UseGuards(OptionalAuthGuard)
  get(
    @Param('username') username: string,
    @CurrentViewer() viewerId?: string,
  ): Promise<ProfileResponse> {
    return this.profiles.get(username, viewerId);
  }

  @Post(':username/follow')
  @HttpCode(200)
  @UseGuards(AuthGuard)
  follow(
    @CurrentPrincipal() principal: Principal,
    @Param('username') username: string,
  ): Promise<ProfileResponse> {
    return this.profiles.follow(principal.userId, username);
  }

  @Delete(':username/follow')
  @UseGuards(AuthGuard)
  unfollow(
    @CurrentPrincipal() principal: Principal,
    @Param('username') username: string,
  ): Promise<ProfileResponse> {
    return this.profiles.unfollow(principal.userId, username);
  }
}
