import {
  AccountBookOutlined,
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  ApiOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalculatorOutlined,
  CarryOutOutlined,
  CommentOutlined,
  DashboardOutlined,
  DisconnectOutlined,
  DownOutlined,
  FallOutlined,
  FileDoneOutlined,
  FileWordOutlined,
  FlagOutlined,
  GiftOutlined,
  IdcardOutlined,
  ImportOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  ProfileOutlined,
  ReadOutlined,
  RiseOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  SwapOutlined,
  TeamOutlined,
  UserOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import type { Me } from '@stride/contracts';
import {
  App,
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Flex,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Typography,
  theme,
} from 'antd';
import { type ReactNode, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { useCurrentUser, useLogout } from '../features/auth/queries';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { FullPageSpin } from './guards';

const { Header, Sider, Content } = Layout;

interface NavEntry {
  key: string;
  path: string;
  icon: ReactNode;
  label: string;
  testId: string;
}

function useNavEntries(me: Me): NavEntry[] {
  const { t } = useTranslation();
  return useMemo(() => {
    const role = me.user.role;
    const entries: NavEntry[] = [];
    if (role !== 'employee') {
      entries.push({
        key: 'dashboard',
        path: '/',
        icon: <DashboardOutlined />,
        label: t('nav.dashboard'),
        testId: 'nav-dashboard',
      });
      entries.push({
        key: 'people',
        path: '/people',
        icon: <TeamOutlined />,
        label: t('nav.people'),
        testId: 'nav-people',
      });
      entries.push({ key: 'org', path: '/org', icon: <ApartmentOutlined />, label: t('nav.org'), testId: 'nav-org' });
      entries.push({
        key: 'team-metrics',
        path: '/team-metrics',
        icon: <BarChartOutlined />,
        label: t('nav.teamMetrics'),
        testId: 'nav-team-metrics',
      });
      entries.push({
        key: 'targets',
        path: '/targets',
        icon: <AimOutlined />,
        label: t('nav.targets'),
        testId: 'nav-targets',
      });
      entries.push({
        key: 'alerts',
        path: '/alerts',
        icon: <AlertOutlined />,
        label: t('nav.alerts'),
        testId: 'nav-alerts',
      });
    } else {
      entries.push({
        key: 'my-targets',
        path: '/my-targets',
        icon: <AimOutlined />,
        label: t('nav.myTargets'),
        testId: 'nav-my-targets',
      });
    }
    entries.push({
      key: 'my-reviews',
      path: '/my-reviews',
      icon: <CarryOutOutlined />,
      label: t('nav.myReviews'),
      testId: 'nav-my-reviews',
    });
    if (role === 'employee') {
      // Their own improvement plans (to read and acknowledge) and those they coach.
      entries.push({
        key: 'my-plans',
        path: '/my-plans',
        icon: <FlagOutlined />,
        label: t('nav.myPlans'),
        testId: 'nav-my-plans',
      });
      // Their own commission statements and approved bonus lines.
      entries.push({
        key: 'my-incentives',
        path: '/my-incentives',
        icon: <GiftOutlined />,
        label: t('nav.myIncentives'),
        testId: 'nav-my-incentives',
      });
    }
    if (role !== 'employee') {
      entries.push({
        key: 'scorecards',
        path: '/scorecards',
        icon: <ProfileOutlined />,
        label: t('nav.scorecards'),
        testId: 'nav-scorecards',
      });
      entries.push({
        key: 'review-cycles',
        path: '/review-cycles',
        icon: <ScheduleOutlined />,
        label: t('nav.reviewCycles'),
        testId: 'nav-review-cycles',
      });
      entries.push({
        key: 'trajectories',
        path: '/trajectories',
        icon: <RiseOutlined />,
        label: t('nav.trajectories'),
        testId: 'nav-trajectories',
      });
      // Admin and hr see the organization's pool, managers their units' people.
      entries.push({
        key: 'low-performer-pool',
        path: '/low-performer-pool',
        icon: <FallOutlined />,
        label: t('nav.pool'),
        testId: 'nav-pool',
      });
      // Talent review: admin and hr the organization, managers their units' people.
      entries.push({
        key: 'talent',
        path: '/talent',
        icon: <AppstoreOutlined />,
        label: t('nav.talent'),
        testId: 'nav-talent',
      });
      // Improvement plans: admin and hr the organization's, managers their people's (and their own).
      entries.push({
        key: 'plans',
        path: '/plans',
        icon: <FlagOutlined />,
        label: t('nav.plans'),
        testId: 'nav-plans',
      });
      // Employment actions (人事异动): admin and hr the organization's, managers their people's.
      entries.push({
        key: 'employment-actions',
        path: '/employment-actions',
        icon: <SwapOutlined />,
        label: t('employment.nav'),
        testId: 'nav-employment-actions',
      });
      // Incentives: admin and hr write; managers read their units' people.
      entries.push({
        key: 'incentives',
        path: '/incentives',
        icon: <GiftOutlined />,
        label: t('nav.incentives'),
        testId: 'nav-incentives',
      });
      // Admin, hr and managers (planning an exit); not employees.
      entries.push({
        key: 'severance-calculator',
        path: '/calculators/severance',
        icon: <AccountBookOutlined />,
        label: t('nav.severanceCalculator'),
        testId: 'nav-severance-calculator',
      });
    }
    if (role === 'admin' || role === 'hr') {
      entries.push({
        key: 'probation-reviews',
        path: '/probation-reviews',
        icon: <FileDoneOutlined />,
        label: t('nav.probation'),
        testId: 'nav-probation',
      });
      entries.push({
        key: 'alert-rules',
        path: '/alert-rules',
        icon: <SafetyCertificateOutlined />,
        label: t('nav.alertRules'),
        testId: 'nav-alert-rules',
      });
      // Approval chains of employment actions: admins edit, hr reads.
      entries.push({
        key: 'approval-chains',
        path: '/settings/approval-chains',
        icon: <NodeIndexOutlined />,
        label: t('employment.chains.nav'),
        testId: 'nav-approval-chains',
      });
      // Document templates (文书模板): admin and hr manage the organization's own DOCX templates.
      entries.push({
        key: 'document-templates',
        path: '/settings/document-templates',
        icon: <FileWordOutlined />,
        label: t('documents.nav'),
        testId: 'nav-document-templates',
      });
      entries.push({
        key: 'training-courses',
        path: '/training-courses',
        icon: <ReadOutlined />,
        label: t('nav.trainingCourses'),
        testId: 'nav-training-courses',
      });
      entries.push({
        key: 'positions',
        path: '/positions',
        icon: <SolutionOutlined />,
        label: t('nav.positions'),
        testId: 'nav-positions',
      });
      entries.push({
        key: 'metrics',
        path: '/metrics',
        icon: <CalculatorOutlined />,
        label: t('nav.metricLibrary'),
        testId: 'nav-metrics',
      });
      entries.push({
        key: 'unmatched',
        path: '/unmatched',
        icon: <DisconnectOutlined />,
        label: t('nav.unmatched'),
        testId: 'nav-unmatched',
      });
      entries.push({
        key: 'imports',
        path: '/imports',
        icon: <ImportOutlined />,
        label: t('nav.imports'),
        testId: 'nav-imports',
      });
      entries.push({
        key: 'notification-deliveries',
        path: '/notification-deliveries',
        icon: <NotificationOutlined />,
        label: t('notifications.deliveries.nav'),
        testId: 'nav-deliveries',
      });
      entries.push({
        key: 'im-channels',
        path: '/im-channels',
        icon: <CommentOutlined />,
        label: t('nav.imChannels'),
        testId: 'nav-im-channels',
      });
    }
    if (role === 'admin') {
      entries.push({
        key: 'users',
        path: '/users',
        icon: <UserSwitchOutlined />,
        label: t('nav.users'),
        testId: 'nav-users',
      });
      entries.push({
        key: 'integrations',
        path: '/integrations',
        icon: <ApiOutlined />,
        label: t('nav.integrations'),
        testId: 'nav-integrations',
      });
      entries.push({
        key: 'audit',
        path: '/audit',
        icon: <AuditOutlined />,
        label: t('nav.audit'),
        testId: 'nav-audit',
      });
    }
    if (me.user.employeeId) {
      entries.push({
        key: 'me',
        path: `/people/${me.user.employeeId}`,
        icon: <IdcardOutlined />,
        label: t('nav.me'),
        testId: 'nav-me',
      });
    }
    return entries;
  }, [me, t]);
}

function selectedKey(pathname: string, entries: NavEntry[]): string | undefined {
  const exact = entries.find((e) => e.path === pathname);
  if (exact) return exact.key;
  const prefix = entries
    .filter((e) => e.key !== 'me' && pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return prefix?.key;
}

function Brand({ collapsed }: { collapsed: boolean }) {
  return (
    <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '18px 22px', color: '#fff' }}>
      <img src="/favicon.svg" alt="" width={28} height={28} style={{ borderRadius: 6, flex: 'none' }} />
      {collapsed ? null : <span style={{ fontSize: 18, fontWeight: 600, letterSpacing: 0.3 }}>Stride</span>}
    </Link>
  );
}

export function AppLayout() {
  const me = useCurrentUser();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const isDesktop = screens.lg !== false;
  const isPhone = screens.sm === false;
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [passwordOpen, setPasswordOpen] = useState(false);

  const entries = useNavEntries(me);
  const current = selectedKey(location.pathname, entries);
  const menuItems: MenuProps['items'] = entries.map((e) => ({
    key: e.key,
    icon: e.icon,
    label: (
      <Link to={e.path} data-testid={e.testId} onClick={() => setDrawerOpen(false)}>
        {e.label}
      </Link>
    ),
  }));

  const menu = (
    <Menu theme="dark" mode="inline" selectedKeys={current ? [current] : []} items={menuItems} style={{ border: 0 }} />
  );

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ minWidth: 180 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('header.signedInAs')}
            </Typography.Text>
            <div>
              <Typography.Text strong>{me.user.username}</Typography.Text>
              <Typography.Text type="secondary"> · {t(`roles.${me.user.role}`)}</Typography.Text>
            </div>
          </div>
        ),
      },
      { type: 'divider' },
      {
        key: 'password',
        icon: <KeyOutlined />,
        label: <span data-testid="menu-change-password">{t('header.changePassword')}</span>,
      },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        danger: true,
        label: <span data-testid="logout">{t('header.signOut')}</span>,
      },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPasswordOpen(true);
      if (key === 'logout') {
        logout.mutate(undefined, {
          onSettled: () => {
            void message.success(t('auth.signedOut'));
            navigate('/login', { replace: true });
          },
        });
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isDesktop ? (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={224}
          breakpoint="lg"
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
          data-testid="app-sider"
        >
          <Brand collapsed={collapsed} />
          {menu}
        </Sider>
      ) : (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#0f1c3f' }, header: { display: 'none' } }}
          data-testid="nav-drawer"
        >
          <Brand collapsed={false} />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header
          style={{
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            position: 'sticky',
            top: 0,
            zIndex: 10,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            padding: isPhone ? '0 8px 0 4px' : undefined,
          }}
        >
          {isDesktop ? null : (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawerOpen(true)}
              aria-label={t('nav.toggle')}
              data-testid="nav-toggle"
            />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0, fontSize: 16 }} data-testid="org-name">
            {me.org.name}
          </Typography.Text>
          <Flex align="center" gap={4} style={{ flex: 'none' }}>
            <NotificationBell />
            <LanguageSwitch compact={false} />
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
                <Avatar size={28} style={{ background: token.colorPrimary }} icon={<UserOutlined />} />
                {isPhone ? null : (
                  <>
                    <span style={{ maxWidth: 140, overflow: 'hidden', textOverflow: 'ellipsis' }}>
                      {me.user.displayName}
                    </span>
                    <DownOutlined style={{ fontSize: 10 }} />
                  </>
                )}
              </Button>
            </Dropdown>
          </Flex>
        </Header>
        <Content style={{ padding: isPhone ? 12 : 24, minWidth: 0 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
        <Layout.Footer style={{ textAlign: 'center', color: token.colorTextTertiary, padding: '12px 24px 20px' }}>
          {t('app.footer')} © {new Date().getFullYear()}
        </Layout.Footer>
      </Layout>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </Layout>
  );
}
