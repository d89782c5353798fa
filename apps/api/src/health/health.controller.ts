import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Mailer } from '@rol/mail';
import { temporalIsServing } from '@rol/temporal';
import { Public } from '../common/actor';
import { TEMPORAL_CONNECTION } from '../common/tokens';

interface CheckResult {
  status: 'ok' | 'error';
  latencyMs: number;
  error?: string;
}

const TIMEOUT_MS = 3000;

async function check(run: () => Promise<unknown>): Promise<CheckResult> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'ok', latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'error', latencyMs: Date.now() - started, error: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    private readonly mailer: Mailer,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, temporal, mail] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => {
        if (!(await temporalIsServing(this.temporal, TIMEOUT_MS))) throw new Error('not serving');
      }),
      check(() => this.mailer.verify()),
    ]);
    const ok = [database, temporal, mail].every((c) => c.status === 'ok');
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks: { database, temporal, mail } };
  }
}
