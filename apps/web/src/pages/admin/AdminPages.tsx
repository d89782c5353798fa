/** The administrator's year: organisations and users, the calendar editor and timeline, launch, working days. */
import { Menu } from 'antd';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { CalendarPage } from './CalendarPage';
import { CalendarsPage } from './CalendarsPage';
import { OrganizationsPage } from './OrganizationsPage';
import { WorkingDaysPage } from './WorkingDaysPage';

const SECTIONS = [
  { key: '/admin/organizations', label: '组织与用户' },
  { key: '/admin/calendars', label: '年度日历' },
  { key: '/admin/working-days', label: '工作日' },
];

export default function AdminPages() {
  const navigate = useNavigate();
  const location = useLocation();
  const selected = SECTIONS.find((s) => location.pathname.startsWith(s.key))?.key ?? SECTIONS[0].key;
  return (
    <>
      <Menu
        mode="horizontal"
        aria-label="年度配置"
        selectedKeys={[selected]}
        items={SECTIONS}
        onClick={({ key }) => navigate(key)}
        style={{ marginBottom: 16 }}
      />
      <Routes>
        <Route index element={<Navigate to="organizations" replace />} />
        <Route path="organizations" element={<OrganizationsPage />} />
        <Route path="calendars" element={<CalendarsPage />} />
        <Route path="calendars/:id" element={<CalendarPage />} />
        <Route path="working-days" element={<WorkingDaysPage />} />
        <Route path="*" element={<Navigate to="organizations" replace />} />
      </Routes>
    </>
  );
}
