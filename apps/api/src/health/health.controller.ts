import { readFile } from 'node:fs/promises';
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Mailer } from '@rol/mail';
import { temporalIsServing } from '@rol/temporal';
import { Public } from '../common/actor';
import type { AppConfig } from '@rol/config';
import { APP_CONFIG, TEMPORAL_CONNECTION } from '../common/tokens';
import { HealthView } from './health.view';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Under `npm start`: the launcher's record of its processes; one being restarted fails the check. */
  private async processes(): Promise<void> {
    const file = this.config.supervisorStateFile;
    if (!file) return;
    const state = JSON.parse(await readFile(file, 'utf8')) as Record<
      string,
      { status: string; lastExit: string | null }
    >;
    const down = Object.entries(state).filter(([, p]) => p.status !== 'running');
    if (down.length > 0) {
      const what = ([name, p]: [string, { status: string; lastExit: string | null }]) =>
        p.status === 'starting' ? `${name} (starting)` : `${name} (exited ${p.lastExit ?? '?'})`;
      throw new Error(`not running: ${down.map(what).join(', ')}`);
    }
  }

  @Public()
  @Get()
  @ApiOperation({ operationId: 'getHealth', description: 'Whether PostgreSQL, Temporal and the mail transport answer' })
  @ApiOkResponse({ type: HealthView })
  @ApiServiceUnavailableResponse({ description: 'A check failed', type: HealthView })
  async health(@Res({ passthrough: true }) response: Response) {
    const [database, temporal, mail, processes] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(async () => {
        if (!(await temporalIsServing(this.temporal, TIMEOUT_MS))) throw new Error('not serving');
      }),
      check(() => this.mailer.verify()),
      this.config.supervisorStateFile ? check(() => this.processes()) : null,
    ]);
    const checks = { database, temporal, mail, ...(processes ? { processes } : {}) };
    const ok = Object.values(checks).every((c) => c.status === 'ok');
    response.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', checks };
  }
}
