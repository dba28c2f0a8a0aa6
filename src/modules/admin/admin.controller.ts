import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { Roles } from '../../platform/auth/roles.js';
import { WrappedBody } from '../../platform/validation/wrapped-body.js';
import { AdminService } from './admin.service.js';

class RoleFields {
  @IsIn(['user', 'admin'], { message: 'role must be user or admin' })
  role: 'user' | 'admin';
}

class SetRoleDto {
  @WrappedBody(() => RoleFields)
  user: RoleFields;
}

/** Administration, for admins only (function-level authorization). */
@Controller('api/admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  /** `{"user": {"role": "admin"}}`. The change shows in the user's next access token. */
  @Put('users/:username/role')
  @HttpCode(200)
  setRole(
    @Param('username') username: string,
    @Body() body: SetRoleDto,
  ): Promise<{ user: { username: string; role: string } }> {
    return this.admin.setRole(username, body.user.role);
  }
}
