import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role } from '@rol/domain';
import { pageOf } from '../common/api-docs';

/** A user as the API shows him (UserService.view). */
export class UserView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'email' }) email: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) organizationId: string | null;
  @ApiProperty({ enum: ROLES, isArray: true }) roles: Role[];
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'An administrator reset the password: it must be changed first' })
  mustChangePassword: boolean;
  @ApiProperty({ description: 'Too many failed sign-ins' }) locked: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lockedUntil: string | null;
  @ApiProperty({ description: 'Failed sign-ins in the current 15-minute window' }) failedLogins: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const UserPage = pageOf(UserView);

/** The user after a change; changing one's own password adds a fresh token (every earlier one ends). */
export class UpdatedUserView extends UserView {
  @ApiPropertyOptional({ description: 'Only when the caller changed his own password' }) accessToken?: string;
}

/** A sign-in: the bearer token and the user. */
export class SessionView {
  @ApiProperty({ description: 'Bearer token for `Authorization: Bearer …`' }) accessToken: string;
  @ApiProperty({ type: () => UserView }) user: UserView;
}
