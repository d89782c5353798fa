import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CycleController } from '../cycles/cycle.controller';
import { CycleStepsService } from '../cycles/cycle-steps.service';
import { CycleService } from '../cycles/cycle.service';

@ApiTags('shufa-cycles')
@ApiBearerAuth()
@Controller('shufa-cycles')
export class ShufaCycleController extends CycleController {
  constructor(cycles: CycleService, steps: CycleStepsService) {
    super('shufa', cycles, steps);
  }
}
