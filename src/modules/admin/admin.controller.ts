import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ApiEndpoint } from '../../platform/openapi/api-endpoint.decorator.js';
import { Roles } from '../../platform/auth/roles.js';
import { WrappedBody } from '../../platform/validation/wrapped-body.js';
import { AdminService } from './admin.service.js';

class RoleFields {
  @ApiProperty()
  @IsIn(['user', 'admin'], { message: 'role must be user or admin' })
  role: 'user' | 'admin';
}

class SetRoleDto {
  @WrappedBody(() => RoleFields)
  user: RoleFields;
}

class UserRoleView {
  @ApiProperty()
  username: string;

  @ApiProperty({ enum: ['user', 'admin'] })
  role: string;
}

class UserRoleResponse {
  @ApiProperty()
  user: UserRoleView;
}

/** Administration, for admins only (function-level authorization). */
@Controller('api/admin')
@Roles('admin')
@ApiTags('Administration')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  /**
   * `{"user": {"role": "admin"}}`. Applies at once: authorization reads the caller's role from
   * the account on every request, not from the access token (whose `role` dates from login).
   */
  @Put('users/:username/role')
  @HttpCode(200)
  @ApiEndpoint({
    operationId: 'SetUserRole',
    summary: "Change a user's role (admins only)",
    description:
      "Applies at once, to the user's current tokens too: authorization reads the role from the account on every request.",
    auth: 'required',
    success: { status: 200, type: UserRoleResponse, description: 'The user and their new role.' },
    problems: [403, 404],
  })
  setRole(
    @Param('username') username: string,
    @Body() body: SetRoleDto,
  ): Promise<UserRoleResponse> {
    return this.admin.setRole(username, body.user.role);
  }
}
