import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { MeController } from './me.controller';
import { MyTasksService } from './my-tasks.service';

@Module({
  imports: [UsersModule],
  controllers: [MeController],
  providers: [MyTasksService],
})
export class MeModule {}
