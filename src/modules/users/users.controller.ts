import { Body, Controller, Get, HttpCode, Ip, Post, Put, UseGuards } from '@nestjs/common';
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
    return this.users.update(principal.userId, principal.token, body.user);
  }
}
