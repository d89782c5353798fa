/** The 述法 cycle's own screens: panel and mode, scoring, meeting record, rectification list. */
import { Alert } from 'antd';
import type { CycleView, Task } from '../../api/views';
import { actionLabel } from '../../labels';

/** The 述法 action the caller takes now, beyond writing and reviewing (which CyclePage shows). */
export function ShufaActions({ task }: { cycle: CycleView; task: Task }) {
  return <Alert type="info" showIcon message={`「${actionLabel(task.action)}」请在后续版本的控制台中办理`} />;
}

/** What everyone who sees a 述法 cycle reads beside its stages. */
export function ShufaPanels(_props: { cycle: CycleView }) {
  return null;
}
