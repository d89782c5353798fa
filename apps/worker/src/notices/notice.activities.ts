import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { NoticeActivities, NoticeDelivery, noticeKeys, WelcomeUserInput } from '@rol/contracts';
import { renderWelcomeMail } from '@rol/mail';
import { OrganizationEntity, UserEntity } from '@rol/persistence';
import { NoticeDeliveryService } from './notice-delivery.service';
import { CONSOLE_PUBLIC_URL } from './public-url';

/** A user created in a transaction that then rolled back never appears; give up after this many tries. */
const MISSING_USER_ATTEMPTS = 8;

@Injectable()
export class NoticeActivitiesService implements NoticeActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly delivery: NoticeDeliveryService,
    @Inject(CONSOLE_PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  async deliverWelcomeNotice({ userId }: WelcomeUserInput): Promise<NoticeDelivery> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) {
      // The API starts this workflow just before committing the user, so a first miss is normal.
      if (Context.current().info.attempt < MISSING_USER_ATTEMPTS) throw new Error(`user ${userId} not visible yet`);
      throw ApplicationFailure.nonRetryable(`user ${userId} does not exist`, 'UserNotFound');
    }
    const organization = user.organizationId
      ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: user.organizationId })
      : null;
    return this.delivery.deliver({
      key: noticeKeys.welcome(user.id),
      kind: 'welcome',
      to: user.email,
      recipientUserId: user.id,
      mail: renderWelcomeMail({
        name: user.name,
        email: user.email,
        organizationName: organization?.name ?? null,
        roles: user.roles,
        consoleUrl: `${this.publicUrl}/`,
      }),
      subjectType: 'user',
      subjectId: user.id,
    });
  }

  /** The plain object Temporal registers: method names are the activity names. */
  toActivities(): NoticeActivities {
    return { deliverWelcomeNotice: this.deliverWelcomeNotice.bind(this) };
  }
}
