import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ShufaCycleController } from './shufa-cycle.controller';
import { ShufaWorkController } from './shufa-work.controller';
import { ShufaStepsService } from './shufa-steps.service';

@Module({
  imports: [CyclesModule],
  controllers: [ShufaCycleController, ShufaWorkController],
  providers: [ShufaStepsService],
})
export class ShufaCyclesModule {}
