/**
 * How the console shows the oversight light (三色督办, DOMAIN.md). The light itself is the API's
 * (one rule in libs/domain/src/oversight/light.ts, over the jurisdiction's working days): the console
 * never works one out on its own.
 */
import type { Light } from '@domain/oversight/light';

export type { Light };

const WARNING_DAYS = 3;

export const LIGHT_LABELS: Record<Light, { color: string; text: string }> = {
  red: { color: 'red', text: '红灯：已逾期' },
  yellow: { color: 'gold', text: '黄灯：催办未办' },
  blue: { color: 'blue', text: `蓝灯：${WARNING_DAYS} 个工作日内到期` },
  none: { color: 'default', text: '正常' },
};

/** "还剩 2 天 3 小时" / "已逾期 5 小时". */
export function timeLeft(dueAt: string | null, now = Date.now()): string {
  if (!dueAt) return '无截止时间';
  const ms = Date.parse(dueAt) - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days} 天 ${hours} 小时` : hours > 0 ? `${hours} 小时 ${minutes} 分钟` : `${minutes} 分钟`;
  return ms >= 0 ? `还剩 ${span}` : `已逾期 ${span}`;
}
