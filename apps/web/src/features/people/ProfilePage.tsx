import {
  ArrowLeftOutlined,
  EditOutlined,
  EyeOutlined,
  LockOutlined,
  MailOutlined,
  UserOutlined,
} from '@ant-design/icons';
import type { Employee, JobHistoryEntry, PersonalField } from '@stride/contracts';
import {
  Alert,
  Avatar,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { StatusTag } from '../../components/StatusTag';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { formatDate, formatDateTime } from '../../lib/format';
import { useCurrentUser } from '../auth/queries';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';
import { useEmployee, useJobHistory, useRevealPersonal } from './queries';

// Charts are heavy: the metrics tab loads ECharts only when it is opened.
const PersonMetrics = lazy(() => import('../metrics/PersonMetrics').then((m) => ({ default: m.PersonMetrics })));
const EmployeePlansTab = lazy(() => import('../plans/EmployeePlansTab').then((m) => ({ default: m.EmployeePlansTab })));
const EmployeeEmploymentTab = lazy(() =>
  import('../employment/EmployeeEmploymentTab').then((m) => ({ default: m.EmployeeEmploymentTab })),
);
const PersonTrajectory = lazy(() =>
  import('../trajectories/PersonTrajectory').then((m) => ({ default: m.PersonTrajectory })),
);
const TalentCardPanel = lazy(() => import('../talent/TalentCardPanel').then((m) => ({ default: m.TalentCardPanel })));

function PersonalValue({ employee, field }: { employee: Employee; field: PersonalField }) {
  const { t } = useTranslation();
  const reveal = useRevealPersonal(employee.id);
  const toastError = useApiErrorToast();
  const [revealed, setRevealed] = useState<string | null>(null);
  const masked = employee.personal[field];

  if (!masked) return <Typography.Text type="secondary">{t('profile.notOnFile')}</Typography.Text>;

  return (
    <Flex align="center" gap={8} wrap>
      <Typography.Text
        className="stride-mono"
        copyable={revealed ? { text: revealed } : false}
        data-testid={`personal-${field}`}
      >
        {revealed ?? masked}
      </Typography.Text>
      {employee.canReveal && !revealed ? (
        <Tooltip title={t('profile.revealHint')}>
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            onClick={() =>
              reveal.mutate(field, {
                onSuccess: (res) => setRevealed(res.value),
                onError: toastError,
              })
            }
            data-testid={`reveal-${field}`}
          >
            {t('profile.reveal')}
          </Button>
        </Tooltip>
      ) : null}
      {!employee.canReveal ? <LockOutlined style={{ color: 'rgba(0,0,0,0.35)' }} /> : null}
    </Flex>
  );
}

function ProbationHint({ employee }: { employee: Employee }) {
  const { t } = useTranslation();
  if (employee.status !== 'probation' || !employee.probationEndDate) return null;
  const days = dayjs(employee.probationEndDate).diff(dayjs().startOf('day'), 'day');
  if (days < 0)
    return <Alert type="warning" showIcon title={t('profile.probationEnded')} style={{ marginBottom: 16 }} />;
  return <Alert type="info" showIcon title={t('profile.daysLeft', { count: days })} style={{ marginBottom: 16 }} />;
}

function JobHistory({ employeeId }: { employeeId: string }) {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useJobHistory(employeeId);

  const columns: TableColumnsType<JobHistoryEntry> = useMemo(
    () => [
      {
        title: t('profile.effectiveFrom'),
        dataIndex: 'effectiveFrom',
        width: 130,
        render: (v: string) => formatDate(v),
      },
      {
        title: t('profile.effectiveTo'),
        dataIndex: 'effectiveTo',
        width: 130,
        render: (v: string | null) => (v ? formatDate(v) : <Tag color="blue">{t('profile.current')}</Tag>),
      },
      { title: t('fields.unit'), dataIndex: ['unit', 'name'] },
      { title: t('fields.position'), dataIndex: ['position', 'name'], render: (v?: string) => v ?? '—' },
      { title: t('fields.manager'), dataIndex: ['manager', 'name'], render: (v?: string) => v ?? '—' },
      {
        title: t('profile.reason'),
        dataIndex: 'reason',
        render: (v: string | null) => (v ? t(`profile.reasons.${v}`, { defaultValue: v }) : '—'),
      },
      {
        title: t('profile.recordedAt'),
        dataIndex: 'recordedAt',
        width: 180,
        render: (v: string) => formatDateTime(v),
      },
    ],
    [t],
  );

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;
  return (
    <Table<JobHistoryEntry>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={data ?? []}
      loading={isPending}
      pagination={false}
      scroll={{ x: 820 }}
      data-testid="job-history"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.noHistory')} /> }}
    />
  );
}

export function ProfilePage() {
  const { id } = useParams<{ id: string }>();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useCurrentUser();
  const { data: employee, isPending, error, refetch } = useEmployee(id);
  const [editing, setEditing] = useState(false);
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const tab =
    tabParam === 'metrics' ||
    tabParam === 'trajectory' ||
    tabParam === 'plans' ||
    tabParam === 'talent' ||
    tabParam === 'employment'
      ? tabParam
      : 'profile';
  const canBrowse = me.user.role !== 'employee';

  if (isPending) {
    return (
      <Card>
        <Skeleton avatar active paragraph={{ rows: 6 }} />
      </Card>
    );
  }

  if (error) {
    if (isApiError(error) && (error.status === 404 || error.status === 403)) {
      return (
        <div data-testid="profile-not-found">
          <Result
            status="404"
            title={t('profile.notFoundTitle')}
            subTitle={t('profile.notFoundSub')}
            extra={
              <Button type="primary" onClick={() => navigate(canBrowse ? '/people' : '/')}>
                {canBrowse ? t('profile.backToList') : t('common.backHome')}
              </Button>
            }
          />
        </div>
      );
    }
    return <QueryError error={error} onRetry={() => void refetch()} />;
  }

  const link = (ref: { id: string; name: string } | null) =>
    ref ? canBrowse ? <Link to={`/people/${ref.id}`}>{ref.name}</Link> : ref.name : '—';

  return (
    <>
      {canBrowse ? (
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          onClick={() => (location.key === 'default' ? navigate('/people') : navigate(-1))}
          style={{ paddingInline: 0, marginBottom: 8 }}
        >
          {t('common.back')}
        </Button>
      ) : null}
      <Card style={{ marginBottom: 16 }}>
        <Flex gap={20} align="center" wrap justify="space-between">
          <Flex gap={16} align="center" style={{ minWidth: 0 }}>
            <Avatar size={64} style={{ background: token.colorPrimary, flex: 'none', fontSize: 26 }}>
              {employee.name.slice(0, 1) || <UserOutlined />}
            </Avatar>
            <div style={{ minWidth: 0 }}>
              <Space size={10} align="center" wrap>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="profile-name">
                  {employee.name}
                </Typography.Title>
                <StatusTag status={employee.status} />
              </Space>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                <span className="stride-mono">{employee.employeeNo}</span>
                {' · '}
                {employee.unit.name}
                {employee.position ? ` · ${employee.position.name}` : ''}
              </Typography.Text>
              {employee.email ? (
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }}>
                  <MailOutlined /> <a href={`mailto:${employee.email}`}>{employee.email}</a>
                </Typography.Text>
              ) : null}
            </div>
          </Flex>
          {employee.canEdit ? (
            <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="profile-edit">
              {t('profile.edit')}
            </Button>
          ) : null}
        </Flex>
      </Card>

      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(searchParams);
          if (['metrics', 'trajectory', 'plans', 'talent', 'employment'].includes(key)) next.set('tab', key);
          else next.delete('tab');
          setSearchParams(next, { replace: true });
        }}
        items={[
          {
            key: 'profile',
            label: <span data-testid="tab-profile">{t('profile.tabProfile')}</span>,
            children: (
              <>
                <ProbationHint employee={employee} />

                <Row gutter={[16, 16]}>
                  <Col xs={24} xl={12}>
                    <Card title={t('profile.jobSection')} style={{ height: '100%' }}>
                      <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
                        <Descriptions.Item label={t('fields.employeeNo')}>
                          <span className="stride-mono">{employee.employeeNo}</span>
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.unit')}>{employee.unit.name}</Descriptions.Item>
                        <Descriptions.Item label={t('fields.position')}>
                          {employee.position?.name ?? '—'}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.manager')}>{link(employee.manager)}</Descriptions.Item>
                        <Descriptions.Item label={t('fields.status')}>
                          <StatusTag status={employee.status} />
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.hireDate')}>
                          {formatDate(employee.hireDate)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.email')}>{employee.email ?? '—'}</Descriptions.Item>
                      </Descriptions>
                    </Card>
                  </Col>
                  <Col xs={24} xl={12}>
                    <Card title={t('profile.contractSection')} style={{ height: '100%' }}>
                      <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
                        <Descriptions.Item label={t('fields.contractType')}>
                          {t(`contractType.${employee.contractType}`)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.contractStartDate')}>
                          {formatDate(employee.contractStartDate)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.contractEndDate')}>
                          {formatDate(employee.contractEndDate)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.probationEndDate')}>
                          {formatDate(employee.probationEndDate)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.regularizationDate')}>
                          {formatDate(employee.regularizationDate)}
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.exitDate')}>
                          {formatDate(employee.exitDate)}
                        </Descriptions.Item>
                      </Descriptions>
                    </Card>
                  </Col>
                  <Col xs={24}>
                    <Card
                      title={t('profile.personalSection')}
                      extra={
                        employee.canReveal ? (
                          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                            {t('profile.revealHint')}
                          </Typography.Text>
                        ) : null
                      }
                    >
                      <Descriptions column={{ xs: 1, md: 3 }} size="small" layout="vertical">
                        <Descriptions.Item label={t('fields.idNumber')}>
                          <PersonalValue
                            key={`${employee.id}:${employee.personal.idNumber}`}
                            employee={employee}
                            field="idNumber"
                          />
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.phone')}>
                          <PersonalValue
                            key={`${employee.id}:${employee.personal.phone}`}
                            employee={employee}
                            field="phone"
                          />
                        </Descriptions.Item>
                        <Descriptions.Item label={t('fields.bankAccount')}>
                          <PersonalValue
                            key={`${employee.id}:${employee.personal.bankAccount}`}
                            employee={employee}
                            field="bankAccount"
                          />
                        </Descriptions.Item>
                      </Descriptions>
                    </Card>
                  </Col>
                  <Col xs={24}>
                    <Card title={t('profile.historySection')}>
                      <JobHistory employeeId={employee.id} />
                    </Card>
                  </Col>
                </Row>
                <Typography.Text type="secondary" style={{ display: 'block', marginTop: 16, fontSize: 12 }}>
                  {t('profile.updatedAt')}: {formatDateTime(employee.updatedAt)}
                </Typography.Text>
              </>
            ),
          },
          {
            key: 'metrics',
            label: <span data-testid="tab-metrics">{t('profile.tabMetrics')}</span>,
            children: (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                <PersonMetrics
                  employeeId={employee.id}
                  employee={{ name: employee.name, employeeNo: employee.employeeNo }}
                />
              </Suspense>
            ),
          },
          {
            key: 'trajectory',
            label: <span data-testid="tab-trajectory">{t('insights.trajectory.tab')}</span>,
            children: (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                <PersonTrajectory employeeId={employee.id} />
              </Suspense>
            ),
          },
          {
            key: 'plans',
            label: <span data-testid="tab-plans">{t('plans.tab')}</span>,
            children: (
              <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
                <EmployeePlansTab employee={{ id: employee.id, name: employee.name }} />
              </Suspense>
            ),
          },
          // 人事异动: admin, hr and managers (the API answers within their scope).
          ...(canBrowse
            ? [
                {
                  key: 'employment',
                  label: <span data-testid="tab-employment">{t('employment.tab')}</span>,
                  children: (
                    <Suspense fallback={<Skeleton active paragraph={{ rows: 4 }} />}>
                      <EmployeeEmploymentTab employee={{ id: employee.id, name: employee.name }} />
                    </Suspense>
                  ),
                },
              ]
            : []),
          // The talent card: admin, hr and the person's managers, never one's own.
          ...(canBrowse && employee.id !== me.user.employeeId
            ? [
                {
                  key: 'talent',
                  label: <span data-testid="tab-talent">{t('talent.card.title')}</span>,
                  children: (
                    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
                      <TalentCardPanel employeeId={employee.id} />
                    </Suspense>
                  ),
                },
              ]
            : []),
        ]}
      />

      {employee.canEdit ? (
        <EmployeeFormDrawer open={editing} onClose={() => setEditing(false)} employee={employee} />
      ) : null}
    </>
  );
}
