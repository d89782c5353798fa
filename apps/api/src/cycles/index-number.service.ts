import { Injectable } from '@nestjs/common';
import { ConflictError, ValidationFailedError } from '@rol/domain';
import { IndexNumberRepository, OrganizationEntity } from '@rol/persistence';

const FIELD = 'disclosure.indexNumber';

/** The 索引号 of published reports: 统一社会信用代码/YYYY-NNNNN, per organisation and publication year. */
@Injectable()
export class IndexNumberService {
  constructor(private readonly indexNumbers: IndexNumberRepository) {}

  /**
   * The 索引号 a publication is to carry: the one typed in, which must be this organisation's (its
   * credit code and the publication year) and nobody else's, or else the next free one of the
   * organisation and year. Nothing is reserved here: the step's write takes it (see
   * writeCycleChanges), and should another publication take it first, that write is refused and the
   * step undone.
   */
  async choose(
    cycleId: string,
    organization: OrganizationEntity,
    year: number,
    given: string | undefined,
  ): Promise<string> {
    if (!organization.creditCode) {
      throw ValidationFailedError.field(
        FIELD,
        '本单位未设置统一社会信用代码，无法确定索引号，请先设置统一社会信用代码',
      );
    }
    const prefix = `${organization.creditCode}/${year}-`;
    if (given !== undefined) {
      if (!given.startsWith(`${organization.creditCode}/`)) {
        throw ValidationFailedError.field(FIELD, `索引号须以本单位统一社会信用代码 ${organization.creditCode} 开头`);
      }
      if (!given.startsWith(prefix)) throw ValidationFailedError.field(FIELD, `索引号的年份须为发布年份 ${year}`);
      const holder = await this.indexNumbers.holder(given);
      if (holder !== null && holder !== cycleId) {
        throw new ConflictError(`索引号 ${given} 已被其他报告使用`, { field: FIELD });
      }
      return given;
    }
    const last = await this.indexNumbers.lastSerial(prefix);
    return `${prefix}${String((last ?? 0) + 1).padStart(5, '0')}`;
  }
}
