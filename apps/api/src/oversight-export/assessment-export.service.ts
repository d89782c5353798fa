import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import {
  ASSESSMENT_COLUMNS,
  AssessmentColumn,
  assessDepartment,
  canAdminister,
  canSeeAlongLine,
  DepartmentAssessment,
  ForbiddenError,
  lateHours,
  NotFoundError,
  shanghaiDateTime,
  ValidationFailedError,
} from '@rol/domain';
import { AssessmentTrailsRepository, OrganizationEntity } from '@rol/persistence';
import { AuthenticatedActor } from '../common/actor';
import { AssessmentExportQuery, ExportFormat } from './assessment-export.query';
import { attachment } from './content-disposition';
import { csvDocument, inertText } from './csv';

/** Departments whose trails are read at a time. */
const BATCH = 200;
export const SHEET_NAME = '考核数据';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportFile {
  body: Buffer;
  contentType: string;
  disposition: string;
}

/** A cell as CSV text: instants in Asia/Shanghai, lateness in hours to two decimals. */
function csvCell(column: AssessmentColumn, value: string | number | null): string {
  if (value === null) return '';
  switch (column.type) {
    case 'text':
      return inertText(String(value));
    case 'datetime':
      return shanghaiDateTime(Number(value));
    case 'hours':
      return lateHours(Number(value)).toFixed(2);
    case 'count':
    case 'score':
      return String(value);
  }
}

/** A cell as an XLSX value: numbers stay numbers (lateness in hours, shown to two decimals). */
function xlsxCell(column: AssessmentColumn, value: string | number | null): string | number | null {
  if (value === null) return null;
  switch (column.type) {
    case 'datetime':
      return shanghaiDateTime(Number(value));
    case 'hours':
      return lateHours(Number(value));
    case 'text':
    case 'count':
    case 'score':
      return value;
  }
}

/**
 * The yearly assessment export (考核数据): one row per department of the jurisdiction and the
 * jurisdictions below it that has a cycle of the year, every figure computed from the cycles' audit
 * trails by the domain's one rule (`assessDepartment`).
 */
@Injectable()
export class AssessmentExportService {
  constructor(private readonly dataSource: DataSource) {}

  async export(actor: AuthenticatedActor, query: AssessmentExportQuery): Promise<ExportFile> {
    const jurisdiction = await this.dataSource
      .getRepository(OrganizationEntity)
      .findOneBy({ id: query.jurisdictionId });
    if (!jurisdiction || !canSeeAlongLine(actor, jurisdiction.path)) {
      throw new NotFoundError('辖区', query.jurisdictionId);
    }
    if (jurisdiction.kind !== 'jurisdiction') throw ValidationFailedError.field('jurisdictionId', '必须是辖区');
    if (!canAdminister(actor, jurisdiction.path)) {
      throw new ForbiddenError('只有本辖区或上级辖区的管理员可以导出考核数据');
    }
    const rows = await this.assess(jurisdiction.path, query.year);
    const name = `${jurisdiction.name}${query.year}年度考核数据.${query.format}`;
    return {
      body: query.format === 'csv' ? this.csv(rows) : await this.xlsx(rows),
      contentType: CONTENT_TYPES[query.format],
      disposition: attachment(`assessment-${query.year}.${query.format}`, name),
    };
  }

  /** Read in one snapshot of the database, so every row is as of the same instant. */
  private assess(path: string, year: number): Promise<DepartmentAssessment[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const repository = new AssessmentTrailsRepository(manager);
      const asOf = Date.now();
      const departments = await repository.departments(path, year);
      const rows: DepartmentAssessment[] = [];
      for (let i = 0; i < departments.length; i += BATCH) {
        const batch = departments.slice(i, i + BATCH);
        const trails = await repository.trails(
          batch.flatMap((d) => [
            ...(d.reportCycleId ? [{ kind: 'report' as const, id: d.reportCycleId }] : []),
            ...(d.shufaCycleId ? [{ kind: 'shufa' as const, id: d.shufaCycleId }] : []),
          ]),
        );
        for (const d of batch) {
          rows.push(
            assessDepartment(
              {
                jurisdictionName: d.jurisdictionName,
                organizationName: d.organizationName,
                report: d.reportCycleId ? (trails.get(d.reportCycleId) ?? []) : null,
                shufa: d.shufaCycleId ? (trails.get(d.shufaCycleId) ?? []) : null,
              },
              asOf,
            ),
          );
        }
      }
      return rows;
    });
  }

  private csv(rows: readonly DepartmentAssessment[]): Buffer {
    return csvDocument([
      ASSESSMENT_COLUMNS.map((c) => c.header),
      ...rows.map((row) => ASSESSMENT_COLUMNS.map((c) => csvCell(c, c.value(row)))),
    ]);
  }

  private async xlsx(rows: readonly DepartmentAssessment[]): Promise<Buffer> {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'rol-cycle';
    const sheet = workbook.addWorksheet(SHEET_NAME, { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
    sheet.columns = ASSESSMENT_COLUMNS.map((c, i) => ({
      key: String(i),
      width: Math.max(c.width, Math.min(c.header.length * 2 + 2, 30)),
      ...(c.type === 'hours' ? { style: { numFmt: '0.00' } } : {}),
    }));
    const header = sheet.addRow(ASSESSMENT_COLUMNS.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', wrapText: true };
    for (const row of rows) sheet.addRow(ASSESSMENT_COLUMNS.map((c) => xlsxCell(c, c.value(row))));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
}
