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
import { UserResponse } from './dto/user.response.js';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { ApiTags } from '@nestjs/swagger';
import { UsersService } from './users.service.js';

/** RealWorld authentication and current-user endpoints. */
@Controller('api')
@ApiTags('User and Authentication')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post('users')
  @HttpCode(201)
  @ApiEndpoint({
    operationId: 'CreateUser',
    summary: 'Register',
    description: 'Answers an access token and a refresh token. Limited per client address (429).',
    auth: 'none',
    success: { status: 201, type: UserResponse, description: 'The new user, signed in.' },
  })
  register(@Body() body: RegisterUserDto, @Ip() client: string): Promise<UserResponse> {
    return this.users.register(body.user, client);
  }

  @Post('users/login')
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'Login',
    summary: 'Log in',
    description:
      'Wrong credentials answer 401. Repeated failures for one account from one address lock it out there for a while (429 USER_LOGIN_LOCKED).',
    auth: 'none',
    success: { status: 200, type: UserResponse, description: 'The user, with new tokens.' },
    problems: [401],
  })
  login(@Body() body: LoginUserDto, @Ip() client: string): Promise<UserResponse> {
    return this.users.login(body.user, client);
  }

  /** Rotation: the refresh token is used up and its successor returned with a new access token. */
  @Post('users/refresh')
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'RefreshSession',
    summary: 'Exchange a refresh token for a new pair',
    description:
      'Body: `{"user": {"refreshToken": "…"}}` or `{"refreshToken": "…"}`. A refresh token works once; reusing one ends its whole session family (401 REFRESH_TOKEN_REUSED).',
    auth: 'none',
    success: {
      status: 200,
      type: UserResponse,
      description: 'The user, with a new access and refresh token.',
    },
    problems: [401],
  })
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
  @ApiEndpoint({
    operationId: 'Logout',
    summary: 'End a session',
    description:
      'Ends the session of the refresh token in the body and/or of the access token in the Authorization header; 204 also for unknown tokens.',
    auth: 'optional',
    success: { status: 204, description: 'Session ended.' },
  })
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
  @ApiEndpoint({
    operationId: 'GetCurrentUser',
    summary: 'The current user',
    auth: 'required',
    success: { status: 200, type: UserResponse, description: 'The caller.' },
  })
  current(@CurrentPrincipal() principal: Principal): UserResponse {
    return this.users.current(principal);
  }

  @Put('user')
  @UseGuards(AuthGuard)
  @ApiEndpoint({
    operationId: 'UpdateCurrentUser',
    summary: 'Update the current user',
    description:
      'Any subset of the fields; `null` clears bio and image. A new password ends every other session. A new email counts against the login limits of the caller and of the account (429 over them), since its answer tells whether the address is taken.',
    auth: 'required',
    success: { status: 200, type: UserResponse, description: 'The updated user.' },
    problems: [429],
  })
  update(
    @CurrentPrincipal() principal: Principal,
    @Body() body: UpdateUserDto,
    @Ip() client: string,
  ): Promise<UserResponse> {
    return this.users.update(principal, body.user, client);
  }
}
