import { Controller } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CycleController } from '../cycles/cycle.controller';
import { CycleStepsService } from '../cycles/cycle-steps.service';
import { CycleService } from '../cycles/cycle.service';

@ApiTags('report-cycles')
@ApiBearerAuth()
@Controller('report-cycles')
export class ReportCycleController extends CycleController {
  constructor(cycles: CycleService, steps: CycleStepsService) {
    super('report', cycles, steps);
  }
}
