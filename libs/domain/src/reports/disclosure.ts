import type { IsoDate } from '../calendar/iso-date';

/** 公开属性 of a published report (《中华人民共和国政府信息公开条例》). */
export const OPENNESS = ['主动公开', '依申请公开', '不予公开'] as const;
export type Openness = (typeof OPENNESS)[number];

/** The openness under which a report is published to everyone. */
export const PUBLIC_OPENNESS: Openness = '主动公开';

/**
 * 主动公开: the report is on the public list and pages for anyone, without a login. Any other
 * openness keeps it off them, and must be given with its reason when the report is published.
 */
export function isPubliclyDisclosed(openness: string): boolean {
  return openness === PUBLIC_OPENNESS;
}

/** 政府信息公开 metadata of a published report, as its publication records it (DOMAIN.md). */
export type Disclosure = {
  /** 索引号: 统一社会信用代码/YYYY-NNNNN. */
  indexNumber: string;
  title: string;
  /** 发文机关 */
  issuer: string;
  /** 文号 */
  documentNumber?: string | null;
  /** 成文日期 */
  signedDate: IsoDate;
  /** 发布日期 */
  publishedDate: IsoDate;
  /** 主题分类 */
  topic: string;
  openness: Openness;
  opennessReason?: string | null;
  /** 有效性 */
  validity: string;
  /** 内容概述 */
  summary: string;
};
