import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CYCLE_KINDS, CycleKind, Light, LIGHTS } from '@rol/domain';
import { OrganizationView } from '../organizations/organization.view';
import { UserView } from '../users/user.view';

/** The caller and his organisation (GET /api/me). */
export class MeView extends UserView {
  @ApiProperty({ type: () => OrganizationView, nullable: true }) organization: OrganizationView | null;
}

/** One thing the caller must do now (MyTasksService). */
export class TaskView {
  @ApiProperty({ enum: CYCLE_KINDS }) kind: CycleKind;
  @ApiProperty() cycleId: string;
  @ApiProperty() stage: string;
  @ApiProperty({ description: 'What is expected of the caller' }) action: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt: string | null;
  @ApiProperty() overdue: boolean;
  @ApiPropertyOptional({ format: 'uuid', description: 'A division’s part: the division the caller hands in for' })
  divisionId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A 述法 rectification item the leader is to fix' })
  rectificationItemId?: string;
  @ApiProperty({
    enum: LIGHTS,
    description:
      '三色督办 of the task’s deadline: red overdue, yellow reminded or sent back, blue due within 3 working days',
  })
  light: Light;
}

export class TaskListView {
  @ApiProperty({ type: () => TaskView, isArray: true, description: 'Soonest due first' }) items: TaskView[];
}

/** A changed password: the token of the new session and the user. */
export class PasswordChangedView {
  @ApiProperty() accessToken: string;
  @ApiProperty({ type: () => UserView }) user: UserView;
}
