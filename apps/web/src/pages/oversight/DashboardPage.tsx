/** The oversight dashboard: departments with lights, charts of stages and on-time rates, exports. */
import { Empty } from 'antd';

export default function DashboardPage() {
  return <Empty description="督办看板" />;
}
