import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assertMayAct,
  checkSections,
  SectionCheck,
  STAGE_LABELS,
  StageMismatchError,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, CycleRepository, cycleSubjectType, DraftRepository } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { CycleService } from '../cycles/cycle.service';
import { StepContextService } from '../cycles/step-context.service';
import { DraftDto } from './draft.dto';

/** The versions of a report's draft, each with its section check. */
@Injectable()
export class DraftService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CycleService,
    private readonly contexts: StepContextService,
    private readonly cycleRows: CycleRepository,
    private readonly drafts: DraftRepository,
  ) {}

  async add(
    actor: AuthenticatedActor,
    id: string,
    dto: DraftDto,
  ): Promise<{ version: number; sectionCheck: SectionCheck }> {
    const { stage, owner } = await this.contexts.open(actor, 'report', id);
    assertMayAct(actor, { kind: 'stage', stage: 'drafting' }, owner);
    if (stage !== 'drafting') throw new StageMismatchError(`当前处于「${STAGE_LABELS[stage]}」阶段，不能提交草稿`);
    const sectionCheck = checkSections(dto.content);
    return this.dataSource.transaction(async (manager) => {
      // One writer at a time per cycle: versions are consecutive.
      if ((await this.cycleRows.lockStage(manager, id)) !== 'drafting') {
        throw new StageMismatchError(`${STAGE_LABELS.drafting}阶段已结束，不能再提交草稿`);
      }
      const latest = await this.drafts.latest(id, manager);
      const version = (latest?.version ?? 0) + 1;
      await this.drafts.insert(manager, {
        cycleId: id,
        version,
        content: dto.content,
        sectionCheck,
        authorId: actor.userId,
      });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: 'draft.saved',
        subjectType: cycleSubjectType({ kind: 'report' }),
        subjectId: id,
        after: { version, missing: sectionCheck.missing.map((m) => m.key) },
      });
      return { version, sectionCheck };
    });
  }

  async list(actor: AuthenticatedActor, id: string) {
    await this.cycles.find(actor, 'report', id);
    const rows = await this.drafts.list(id);
    return {
      items: rows.map((d) => ({
        version: d.version,
        createdAt: d.createdAt,
        authorId: d.authorId,
        sectionCheck: d.sectionCheck,
      })),
      total: rows.length,
    };
  }

  async get(actor: AuthenticatedActor, id: string, version: number) {
    await this.cycles.find(actor, 'report', id);
    const draft = await this.drafts.find(id, version);
    if (!draft) throw ValidationFailedError.field('version', `没有第 ${version} 版草稿`);
    return {
      version: draft.version,
      content: draft.content,
      sectionCheck: draft.sectionCheck,
      createdAt: draft.createdAt,
    };
  }
}
