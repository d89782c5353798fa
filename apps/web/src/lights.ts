/**
 * The oversight light (三色督办, DOMAIN.md) of a task as far as the console can tell from its own
 * fields: red when overdue, blue when due within the warning window. Yellow (a reminder unanswered,
 * a rejection) needs the API to say so; the task does not carry it yet. Calendar days, not working days.
 */
export type Light = 'red' | 'yellow' | 'blue' | 'none';

export const WARNING_DAYS = 3;

export function taskLight(task: { dueAt: string | null; overdue: boolean }, now = Date.now()): Light {
  if (task.overdue) return 'red';
  if (!task.dueAt) return 'none';
  return Date.parse(task.dueAt) - now <= WARNING_DAYS * 86_400_000 ? 'blue' : 'none';
}

export const LIGHT_LABELS: Record<Light, { color: string; text: string }> = {
  red: { color: 'red', text: '红灯：已逾期' },
  yellow: { color: 'gold', text: '黄灯：催办未办' },
  blue: { color: 'blue', text: `蓝灯：${WARNING_DAYS} 日内到期` },
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
