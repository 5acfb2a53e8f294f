import { EditOutlined, KeyOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  createUserRequest,
  type Locale,
  locales,
  type Role,
  resetPasswordRequest,
  roles,
  type UpdateUserRequest,
  type User,
  updateUserRequest,
} from '@stride/contracts';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../api/client';
import { CursorPager } from '../../components/CursorPager';
import { EmployeeSelect } from '../../components/EmployeeSelect';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCursorPaging } from '../../components/useCursorPaging';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors, serverFieldErrors, zodIssuesToFields } from '../../lib/formErrors';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useCreateUser, useResetUserPassword, useUpdateUser, useUsers } from './queries';

const roleColors: Record<Role, string> = { admin: 'red', hr: 'geekblue', manager: 'cyan', employee: 'default' };

interface UserFormValues {
  username?: string;
  password?: string;
  role?: Role;
  employeeId?: string | null;
  locale?: Locale;
  isActive?: boolean;
}

function UserModal({ open, user, onClose }: { open: boolean; user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setFormError(null);
    form.setFieldsValue(
      user
        ? { role: user.role, employeeId: user.employee?.id ?? null, locale: user.locale, isActive: user.isActive }
        : { username: '', password: '', role: 'employee', employeeId: null, locale: 'zh-CN' },
    );
  }, [open, user, form]);

  const submit = async (v: UserFormValues) => {
    setFormError(null);
    try {
      if (user) {
        const diff: UpdateUserRequest = {};
        if (v.role && v.role !== user.role) diff.role = v.role;
        if ((v.employeeId ?? null) !== (user.employee?.id ?? null)) diff.employeeId = v.employeeId ?? null;
        if (v.locale && v.locale !== user.locale) diff.locale = v.locale;
        if (v.isActive !== undefined && v.isActive !== user.isActive) diff.isActive = v.isActive;
        if (Object.keys(diff).length === 0) {
          onClose();
          return;
        }
        const parsed = updateUserRequest.safeParse(diff);
        if (!parsed.success) {
          applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
          return;
        }
        await update.mutateAsync({ id: user.id, body: parsed.data });
        void message.success(t('users.updated'));
      } else {
        const parsed = createUserRequest.safeParse({
          username: v.username ?? '',
          password: v.password ?? '',
          role: v.role,
          employeeId: v.employeeId ?? null,
          locale: v.locale,
        });
        if (!parsed.success) {
          applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
          return;
        }
        await create.mutateAsync(parsed.data);
        void message.success(t('users.created'));
      }
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        applyFieldErrors(form, serverFieldErrors(err));
        if (err.code === 'USERNAME_TAKEN') applyFieldErrors(form, [{ name: 'username', errors: [err.problem.detail] }]);
        if (err.code === 'EMPLOYEE_ALREADY_BOUND') {
          applyFieldErrors(form, [{ name: 'employeeId', errors: [err.problem.detail] }]);
        }
        setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      title={user ? t('users.editTitle', { username: user.username }) : t('users.createTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form<UserFormValues> form={form} layout="vertical" onFinish={submit}>
        {user ? null : (
          <>
            <Form.Item name="username" label={t('fields.username')} required>
              <Input autoComplete="off" autoCapitalize="none" maxLength={64} data-testid="user-username" />
            </Form.Item>
            <Form.Item name="password" label={t('fields.password')} required extra={t('auth.passwordHint')}>
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
          </>
        )}
        <Form.Item name="role" label={t('fields.role')} required>
          <Select options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="employeeId" label={t('fields.employee')} extra={t('users.employeeHint')}>
          <EmployeeSelect initialOption={user?.employee ?? null} data-testid="user-employee" />
        </Form.Item>
        <Form.Item name="locale" label={t('fields.locale')}>
          <Select options={locales.map((l) => ({ value: l, label: t(`locales.${l}`) }))} />
        </Form.Item>
        {user ? (
          <Form.Item name="isActive" label={t('fields.isActive')} valuePropName="checked">
            <Switch data-testid="user-active" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword?: string }>();
  const reset = useResetUserPassword();
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (user) {
      form.resetFields();
      setFormError(null);
    }
  }, [user, form]);

  const submit = async (v: { newPassword?: string }) => {
    if (!user) return;
    const parsed = resetPasswordRequest.safeParse({ newPassword: v.newPassword ?? '' });
    if (!parsed.success) {
      applyFieldErrors(form, zodIssuesToFields(parsed.error.issues, t));
      return;
    }
    try {
      await reset.mutateAsync({ id: user.id, newPassword: parsed.data.newPassword });
      void message.success(t('users.passwordReset'));
      onClose();
    } catch (err) {
      if (isApiError(err)) {
        applyFieldErrors(form, serverFieldErrors(err));
        setFormError(err.problem.detail);
      } else setFormError(t('errors.generic'));
    }
  };

  return (
    <Modal
      title={user ? t('users.resetTitle', { username: user.username }) : ''}
      open={user !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="newPassword" label={t('fields.newPassword')} required extra={t('auth.passwordHint')}>
          <Input.Password autoComplete="new-password" data-testid="reset-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function UsersPage() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | undefined>();
  const [limit, setLimit] = useState(20);
  const paging = useCursorPaging(JSON.stringify({ q, role, limit }));
  const { data, isFetching, error, refetch } = useUsers({ q: q || undefined, role, limit, cursor: paging.cursor });
  const [editing, setEditing] = useState<{ user: User | null } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  const columns: TableColumnsType<User> = [
    {
      title: t('fields.username'),
      dataIndex: 'username',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      title: t('fields.role'),
      dataIndex: 'role',
      width: 130,
      render: (v: Role) => <Tag color={roleColors[v]}>{t(`roles.${v}`)}</Tag>,
    },
    {
      title: t('fields.employee'),
      dataIndex: 'employee',
      render: (v: User['employee']) =>
        v ? (
          <Link to={`/people/${v.id}`}>
            {v.name} <Typography.Text type="secondary">({v.employeeNo})</Typography.Text>
          </Link>
        ) : (
          <Typography.Text type="secondary">{t('users.noEmployee')}</Typography.Text>
        ),
    },
    {
      title: t('fields.isActive'),
      dataIndex: 'isActive',
      width: 150,
      render: (v: boolean, row) => (
        <Space size={4} wrap>
          <Badge status={v ? 'success' : 'default'} text={v ? t('users.active') : t('users.inactive')} />
          {row.lockedUntil && new Date(row.lockedUntil) > new Date() ? (
            <Tag color="orange">{t('users.locked')}</Tag>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('fields.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 190,
      render: (v: string | null) =>
        v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 220,
      render: (_, row) => (
        <Space size={0} wrap>
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing({ user: row })}>
            {t('common.edit')}
          </Button>
          <Button type="link" icon={<KeyOutlined />} onClick={() => setResetting(row)}>
            {t('users.resetPassword')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ user: null })}
            data-testid="user-new"
          >
            {t('users.new')}
          </Button>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('users.searchPlaceholder')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ flex: '1 1 220px', maxWidth: 320 }}
            data-testid="users-search"
          />
          <Select<Role>
            allowClear
            value={role}
            onChange={setRole}
            placeholder={t('users.filterRole')}
            options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            style={{ flex: '1 1 140px', maxWidth: 180 }}
          />
        </Flex>
        {error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <>
            <Table<User>
              rowKey="id"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={isFetching}
              pagination={false}
              size="middle"
              scroll={{ x: 900 }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.empty')} /> }}
              data-testid="users-table"
            />
            <CursorPager
              total={data?.total}
              page={paging.page}
              pageSize={limit}
              hasPrevious={paging.hasPrevious}
              hasNext={Boolean(data?.nextCursor)}
              loading={isFetching}
              onPrevious={paging.previous}
              onNext={() => paging.next(data?.nextCursor)}
              onPageSizeChange={setLimit}
            />
          </>
        )}
      </Card>
      <UserModal open={editing !== null} user={editing?.user ?? null} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
