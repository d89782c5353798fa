import { lazy, Suspense } from 'react';
import { Button, Grid, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import type { Role } from '@domain/roles';
import { loginPath } from './api/client';
import { ROLE_LABELS } from './labels';
import { AccountPage } from './pages/AccountPage';
import { ChangePasswordPage } from './pages/ChangePasswordPage';
import { LoginPage } from './pages/LoginPage';
import { MyTasksPage } from './pages/MyTasksPage';
import { useSession } from './session';

// The administrator's and the overseer's screens load only when opened (they bring the charts).
const AdminPages = lazy(() => import('./pages/admin/AdminPages'));
const DashboardPage = lazy(() => import('./pages/oversight/DashboardPage'));
// A cycle's page brings tables, the diff and the date pickers: loaded when first opened.
const CyclePage = lazy(() => import('./pages/CyclePage').then((m) => ({ default: m.CyclePage })));
const CyclesPage = lazy(() => import('./pages/CyclesPage').then((m) => ({ default: m.CyclesPage })));

/** The menu: each entry only for the roles that can do something there. */
const MENU: { key: string; label: string; roles: Role[] | 'all' }[] = [
  { key: '/tasks', label: '我的待办', roles: 'all' },
  {
    key: '/report-cycles',
    label: '年度报告',
    roles: ['admin', 'officer', 'contributor', 'reviewer', 'leader', 'publisher'],
  },
  { key: '/shufa-cycles', label: '述法', roles: ['admin', 'leader', 'evaluator'] },
  { key: '/dashboard', label: '督办看板', roles: ['admin'] },
  { key: '/admin', label: '年度配置', roles: ['admin'] },
];

export function App() {
  const { signedIn } = useSession();
  const location = useLocation();
  if (location.pathname === '/login') return <LoginPage />;
  if (!signedIn) return <Navigate to={loginPath(`${location.pathname}${location.search}`)} replace />;
  return <Shell />;
}

function Shell() {
  const { me, loading, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  if (loading || !me) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin tip="正在加载…" size="large">
          <div style={{ height: 80 }} />
        </Spin>
      </div>
    );
  }
  const items = MENU.filter((m) => m.roles === 'all' || m.roles.some((r) => me.roles.includes(r))).map((m) => ({
    key: m.key,
    label: m.label,
  }));
  // 我的账号 (opened from the name) is none of the menu's entries.
  const selected = MENU.find((m) => location.pathname.startsWith(m.key))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          display: 'flex',
          alignItems: 'center',
          gap: screens.md ? 16 : 4,
          flexWrap: 'wrap',
          height: 'auto',
          lineHeight: '48px',
          padding: screens.md ? '0 24px' : '0 12px',
        }}
      >
        <Typography.Text strong style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          法治政府建设工作平台
        </Typography.Text>
        <Menu
          theme="dark"
          mode="horizontal"
          aria-label="主菜单"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          style={{ flex: 1, minWidth: screens.md ? 300 : 120 }}
        />
        <Space wrap size={4} aria-label="当前用户">
          <Link
            to="/account"
            aria-label={`我的账号：${me.name}`}
            title="我的账号"
            style={{ color: '#fff', textDecoration: 'underline', textUnderlineOffset: 3 }}
            data-testid="user-name"
          >
            {me.name}
          </Link>
          <Typography.Text style={{ color: '#bbb' }} data-testid="user-organization">
            {me.organization?.name ?? '全系统'}
          </Typography.Text>
          {me.roles.map((r) => (
            <Tag key={r} color="blue">
              {ROLE_LABELS[r] ?? r}
            </Tag>
          ))}
          <Button size="small" onClick={() => void signOut().then(() => navigate('/login'))}>
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: screens.md ? 24 : 8 }}>
        {me.mustChangePassword ? (
          <ChangePasswordPage me={me} />
        ) : (
          <Suspense fallback={<Spin tip="正在加载…" />}>
            <Routes>
              <Route path="/" element={<Navigate to="/tasks" replace />} />
              <Route path="/tasks" element={<MyTasksPage />} />
              <Route path="/account" element={<AccountPage me={me} />} />
              <Route path="/report-cycles" element={<CyclesPage kind="report" />} />
              <Route path="/shufa-cycles" element={<CyclesPage kind="shufa" />} />
              <Route path="/report-cycles/:id" element={<CyclePage kind="report" />} />
              <Route path="/shufa-cycles/:id" element={<CyclePage kind="shufa" />} />
              <Route path="/dashboard/*" element={<DashboardPage />} />
              <Route path="/admin/*" element={<AdminPages />} />
              <Route
                path="*"
                element={
                  <Result
                    status="404"
                    title="页面不存在"
                    extra={<Button onClick={() => navigate('/tasks')}>回到我的待办</Button>}
                  />
                }
              />
            </Routes>
          </Suspense>
        )}
      </Layout.Content>
    </Layout>
  );
}
