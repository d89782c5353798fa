import { Module } from '@nestjs/common';
import { SessionsModule } from '../auth/sessions.module';
import { UserController } from './user.controller';
import { UserService } from './user.service';

@Module({
  imports: [SessionsModule],
  controllers: [UserController],
  providers: [UserService],
  exports: [UserService],
})
export class UsersModule {}
