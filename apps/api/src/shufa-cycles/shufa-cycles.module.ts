import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ShufaCycleController } from './shufa-cycle.controller';

@Module({
  imports: [CyclesModule],
  controllers: [ShufaCycleController],
})
export class ShufaCyclesModule {}
