import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  assertMayAct,
  CalendarStage,
  carriedRectificationItems,
  checkSections,
  checkShufaReport,
  CycleKind,
  CycleSnapshot,
  SectionCheck,
  STAGE_LABELS,
  StageMismatchError,
  ValidationFailedError,
} from '@rol/domain';
import { appendAudit, CycleRepository, cycleSubjectType, DraftRepository } from '@rol/persistence';
import { auditActor, AuthenticatedActor } from '../common/actor';
import { CycleService } from './cycle.service';
import { StepContextService } from './step-context.service';
import { TextVersionDto } from './text-version.dto';

/** A cycle's versioned text: what it is called, in which stage it is written, and how it is checked. */
export interface TextKind {
  kind: CycleKind;
  stage: CalendarStage;
  /** "草稿", "述法报告". */
  noun: string;
  action: string;
  /** What the answer calls the check (the contract's name). */
  checkName: 'sectionCheck' | 'contentCheck';
  check(content: string, state: CycleSnapshot): SectionCheck<string>;
}

/** The report's draft: the sections the law requires. */
export const REPORT_DRAFT: TextKind = {
  kind: 'report',
  stage: 'drafting',
  noun: '草稿',
  action: 'draft.saved',
  checkName: 'sectionCheck',
  check: (content) => checkSections(content),
};

/** The leader's 述法 report: the topics it must speak of, and last year's open rectification items. */
export const SHUFA_REPORT: TextKind = {
  kind: 'shufa',
  stage: 'shufa_writing',
  noun: '述法报告',
  action: 'shufa_report.saved',
  checkName: 'contentCheck',
  check: (content, state) => checkShufaReport(content, carriedRectificationItems(state)),
};

/** The versions of a cycle's text, each with its check. */
@Injectable()
export class TextVersionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CycleService,
    private readonly contexts: StepContextService,
    private readonly cycleRows: CycleRepository,
    private readonly drafts: DraftRepository,
  ) {}

  async add(
    text: TextKind,
    actor: AuthenticatedActor,
    id: string,
    dto: TextVersionDto,
  ): Promise<Record<string, unknown> & { version: number }> {
    const { stage, owner, row } = await this.contexts.open(actor, text.kind, id);
    assertMayAct(actor, { kind: 'stage', stage: text.stage }, owner);
    if (stage !== text.stage) {
      throw new StageMismatchError(`当前处于「${STAGE_LABELS[stage]}」阶段，不能提交${text.noun}`);
    }
    const check = text.check(dto.content, row.state);
    return this.dataSource.transaction(async (manager) => {
      // One writer at a time per cycle: versions are consecutive.
      if ((await this.cycleRows.lockStage(manager, id)) !== text.stage) {
        throw new StageMismatchError(`${STAGE_LABELS[text.stage]}阶段已结束，不能再提交${text.noun}`);
      }
      const latest = await this.drafts.latest(id, manager);
      const version = (latest?.version ?? 0) + 1;
      await this.drafts.insert(manager, {
        cycleId: id,
        version,
        content: dto.content,
        sectionCheck: check,
        authorId: actor.userId,
      });
      await appendAudit(manager, {
        actor: auditActor(actor),
        action: text.action,
        subjectType: cycleSubjectType({ kind: text.kind }),
        subjectId: id,
        after: { version, missing: check.missing.map((m) => m.key) },
      });
      return { version, [text.checkName]: check };
    });
  }

  async list(text: TextKind, actor: AuthenticatedActor, id: string) {
    await this.cycles.find(actor, text.kind, id);
    const rows = await this.drafts.list(id);
    return {
      items: rows.map((d) => ({
        version: d.version,
        createdAt: d.createdAt,
        authorId: d.authorId,
        [text.checkName]: d.sectionCheck,
      })),
      total: rows.length,
    };
  }

  async get(text: TextKind, actor: AuthenticatedActor, id: string, version: number) {
    await this.cycles.find(actor, text.kind, id);
    const draft = await this.drafts.find(id, version);
    if (!draft) throw ValidationFailedError.field('version', `没有第 ${version} 版${text.noun}`);
    return {
      version: draft.version,
      content: draft.content,
      [text.checkName]: draft.sectionCheck,
      createdAt: draft.createdAt,
    };
  }
}
