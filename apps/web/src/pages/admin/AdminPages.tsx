/** The administrator's year: organisations and users, the calendar editor and timeline, launch, working days. */
import { Empty } from 'antd';

export default function AdminPages() {
  return <Empty description="年度配置" />;
}
