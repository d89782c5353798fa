import { Injectable } from '@nestjs/common';
import {
  AdvanceDetails,
  isPubliclyDisclosed,
  MissingSectionsError,
  recordedDraftVersion,
  reportDateProblem,
  shanghaiDate,
  STAGE_LABELS,
  ValidationFailedError,
} from '@rol/domain';
import { AdvanceStageDto } from './advance-stage.dto';
import { IndexNumberService } from './index-number.service';
import { StepContext } from './step-context.service';

/** A field the step needs is missing or wrong. */
function required(field: string, message: string): never {
  throw ValidationFailedError.field(field, message);
}

/** A date recorded with a step of the report on `year` must fall in the report's own time. */
function assertReportDate(field: string, label: string, date: string, year: number): void {
  const problem = reportDateProblem(date, { year, today: shanghaiDate(new Date()) });
  if (problem) throw ValidationFailedError.field(field, `${label}${problem}`);
}

/** What ending each stage needs, and what its record keeps of it. */
@Injectable()
export class StageRequirementsService {
  constructor(private readonly indexNumbers: IndexNumberService) {}

  /** The details an advance of the context's stage records, once all it needs is there and right. */
  async advanceDetails(
    context: Pick<StepContext, 'row' | 'organization' | 'stage' | 'latestDraft'>,
    dto: AdvanceStageDto,
  ): Promise<AdvanceDetails> {
    const { row, stage, latestDraft } = context;
    switch (stage) {
      case 'drafting': {
        const draft = latestDraft ?? required('draft', '尚未提交草稿');
        if (draft.sectionCheck.missing.length > 0) throw new MissingSectionsError(draft.sectionCheck.missing);
        return { draftVersion: draft.version };
      }
      case 'legality_review':
        if (!dto.comment?.trim()) required('comment', `${STAGE_LABELS.legality_review}须填写审查意见`);
        return {};
      case 'sign_off': {
        const meeting = dto.meeting ?? required('meeting', `${STAGE_LABELS.sign_off}须记录审议会议（类型和日期）`);
        assertReportDate('meeting.date', '会议日期', meeting.date, row.year);
        return { meeting };
      }
      case 'submission':
        return {
          recipients: dto.recipients?.length
            ? dto.recipients
            : required('recipients', `${STAGE_LABELS.submission}须列明报送对象（本级党委和政府、上级部门、依法治X办）`),
        };
      case 'publication':
        return this.publication(context, dto);
      case 'shufa_writing': {
        const report = latestDraft ?? required('report', '尚未提交述法报告');
        if (report.sectionCheck.missing.length > 0)
          throw new MissingSectionsError(report.sectionCheck.missing, '述法报告');
        return { reportVersion: report.version };
      }
      case 'contributions':
      case 'shufa_materials_review':
      case 'shufa_evaluation':
      case 'shufa_rectification':
        return {};
    }
  }

  /** Publication: the text reviewed and signed is the draft version recorded when drafting ended. */
  private async publication(
    { row, organization }: Pick<StepContext, 'row' | 'organization'>,
    dto: AdvanceStageDto,
  ): Promise<AdvanceDetails<'publication'>> {
    const disclosure = dto.disclosure ?? required('disclosure', `${STAGE_LABELS.publication}须填写公开信息`);
    if (!isPubliclyDisclosed(disclosure.openness) && !disclosure.opennessReason?.trim()) {
      required('disclosure.opennessReason', `「${disclosure.openness}」须说明理由`);
    }
    const draftVersion = recordedDraftVersion(row.state) ?? required('draft', '没有经审查的报告草稿');
    const publishedDate = disclosure.publishedDate ?? shanghaiDate(new Date());
    assertReportDate('disclosure.signedDate', '成文日期', disclosure.signedDate, row.year);
    assertReportDate('disclosure.publishedDate', '发布日期', publishedDate, row.year);
    if (disclosure.signedDate > publishedDate) required('disclosure.publishedDate', '发布日期不能早于成文日期');
    // Only chosen here: it is taken with the step's write, so a refused step takes nothing.
    const indexNumber = await this.indexNumbers.choose(
      row.id,
      organization,
      Number(publishedDate.slice(0, 4)),
      // @IsOptional lets null through: null, like absent, asks for the next number.
      disclosure.indexNumber ?? undefined,
    );
    return { disclosure: { ...disclosure, publishedDate, indexNumber }, draftVersion };
  }
}
