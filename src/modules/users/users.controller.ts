import { Body, Controller, Get, HttpCode, Ip, Post, Put, Req, UseGuards } from '@nestjs/common';
import { InvalidInputError } from '../../platform/errors/app-error.js';
import { OptionalAuthGuard } from '../../platform/auth/optional-auth.guard.js';
import type { AuthenticatedRequest } from '../../platform/auth/authenticated-request.js';
import { RefreshTokenDto, refreshTokenOf } from './dto/refresh-token.dto.js';
import { AuthGuard } from '../../platform/auth/auth.guard.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { CurrentPrincipal } from '../../platform/auth/current-principal.decorator.js';
import { LoginUserDto } from './dto/login-user.dto.js';
import { RegisterUserDto } from './dto/register-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import type { UserResponse } from './dto/user.response.js';
import { UsersService } from './users.service.js';

/** RealWorld authentication and current-user endpoints. */
@Controller('api')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @HttpCode(201)
  register(@Body() body: RegisterUserDto, @Ip() client: string): Promise<UserResponse> {
    return this.users.register(body.user, client);
  }

  @Post('users/login')
  @HttpCode(200)
  login(@Body() body: LoginUserDto, @Ip() client: string): Promise<UserResponse> {
    return this.users.login(body.user, client);
  }

  /** Rotation: the refresh token is used up and its successor returned with a new access token. */
  @Post('users/refresh')
  @HttpCode(200)
  refresh(@Body() body: RefreshTokenDto): Promise<UserResponse> {
    const refreshToken = refreshTokenOf(body);
    if (!refreshToken) throw new InvalidInputError(['refreshToken is required']);
    return this.users.refresh(refreshToken);
  }

  /**
   * Ends a session: the one of the refresh token in the body, and the one of the access token
   * in the Authorization header, whichever are given (204 either way, also for unknown tokens).
   */
  @Post('users/logout')
  @HttpCode(204)
  @UseGuards(OptionalAuthGuard)
  async logout(@Body() body: RefreshTokenDto, @Req() request: AuthenticatedRequest): Promise<void> {
    const refreshToken = refreshTokenOf(body);
    const principal = request.principal;
    if (!refreshToken && !principal) {
      throw new InvalidInputError(['send a refreshToken, or the access token to end its session']);
    }
    await this.users.logout(principal, refreshToken);
  }

  @Get('user')
  @UseGuards(AuthGuard)
  current(@CurrentPrincipal() principal: Principal): Promise<UserResponse> {
    return this.users.current(principal.userId, principal.token);
  }

  @Put('user')
  @UseGuards(AuthGuard)
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.users.update(principal, body.user);
  }
}
