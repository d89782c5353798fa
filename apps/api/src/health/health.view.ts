import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class HealthCheckView {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty() latencyMs: number;
  @ApiPropertyOptional() error?: string;
}

export class HealthChecksView {
  @ApiProperty({ type: () => HealthCheckView }) database: HealthCheckView;
  @ApiProperty({ type: () => HealthCheckView }) temporal: HealthCheckView;
  @ApiProperty({ type: () => HealthCheckView }) mail: HealthCheckView;
  @ApiPropertyOptional({ type: () => HealthCheckView, description: 'Under `npm start`: the launcher’s processes' })
  processes?: HealthCheckView;
}

/** The health answer: 200 when every check is ok, else 503 with the same body. */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ type: () => HealthChecksView }) checks: HealthChecksView;
}
