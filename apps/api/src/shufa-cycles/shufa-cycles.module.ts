import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ShufaCycleController } from './shufa-cycle.controller';
import { ShufaWorkController } from './shufa-work.controller';

@Module({
  imports: [CyclesModule],
  controllers: [ShufaCycleController, ShufaWorkController],
})
export class ShufaCyclesModule {}
