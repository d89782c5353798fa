/** The 述法 cycle's own screens: panel and mode, scoring, meeting record, rectification list. */
import { Alert, Space } from 'antd';
import type { CycleView, Task } from '../../api/views';
import { actionLabel } from '../../labels';
import { useSession } from '../../session';
import { CloseEvaluation, EvaluationForm, OwnMarksCard } from './Evaluation';
import { MeetingCard } from './Meeting';
import { PanelCard } from './Panel';
import { OfficeRectification, RectificationCard, ReportDone } from './Rectification';
import { asShufa } from './types';

/** The 述法 action the caller takes now, beyond writing and reviewing (which CyclePage shows). */
export function ShufaActions({ cycle: view, task }: { cycle: CycleView; task: Task }) {
  const cycle = asShufa(view);
  switch (task.action) {
    case 'evaluate':
      return <EvaluationForm cycle={cycle} />;
    case 'close_evaluation':
      return <CloseEvaluation cycle={cycle} />;
    case 'rectify':
      return task.rectificationItemId ? (
        <ReportDone cycle={cycle} itemId={task.rectificationItemId} />
      ) : (
        <OfficeRectification cycle={cycle} />
      );
    default:
      return <Alert type="info" showIcon message={`「${actionLabel(task.action)}」请在后续版本的控制台中办理`} />;
  }
}

/** What everyone who sees a 述法 cycle reads beside its stages. */
export function ShufaPanels({ cycle: view }: { cycle: CycleView }) {
  const { me } = useSession();
  const cycle = asShufa(view);
  const isAdmin = me?.roles.includes('admin') ?? false;
  const onPanel = Boolean(me && cycle.panel.some((m) => m.userId === me.id));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <PanelCard cycle={cycle} isAdmin={isAdmin} meId={me?.id} />
      {onPanel && <OwnMarksCard cycle={cycle} />}
      <MeetingCard cycle={cycle} isAdmin={isAdmin} />
      <RectificationCard cycle={cycle} />
    </Space>
  );
}
