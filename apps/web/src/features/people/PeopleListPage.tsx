import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { type EmployeeStatus, type EmployeeSummary, employeeStatuses } from '@stride/contracts';
import { Button, Card, Col, Empty, Input, Row, Select, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { StatusTag } from '../../components/StatusTag';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useCursorPaging } from '../../components/useCursorPaging';
import { formatDate } from '../../lib/format';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { useCurrentUser } from '../auth/queries';
import { usePositions } from '../positions/queries';
import { EmployeeFormDrawer } from './EmployeeFormDrawer';
import { useEmployees } from './queries';

function isStatus(value: string | null): value is EmployeeStatus {
  return value !== null && (employeeStatuses as readonly string[]).includes(value);
}

export function PeopleListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const canCreate = me.user.role === 'admin' || me.user.role === 'hr';
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);

  const qParam = params.get('q') ?? '';
  const unitId = params.get('unitId') ?? undefined;
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const positionId = params.get('positionId') ?? undefined;
  const limit = Number(params.get('limit')) || 20;

  const [search, setSearch] = useState(qParam);
  const debouncedSearch = useDebouncedValue(search.trim(), 300);

  const updateParam = (key: string, value: string | undefined | null) => {
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced input should drive the URL
  useEffect(() => {
    if (debouncedSearch !== qParam) updateParam('q', debouncedSearch || undefined);
  }, [debouncedSearch]);

  const filterKey = JSON.stringify({ q: qParam, unitId, status, positionId, limit });
  const paging = useCursorPaging(filterKey);
  const { data, isFetching, isPending, error, refetch } = useEmployees({
    q: qParam || undefined,
    unitId,
    status,
    positionId,
    limit,
    cursor: paging.cursor,
  });
  const { data: positions } = usePositions();

  const hasFilters = Boolean(qParam || unitId || status || positionId);

  const columns: TableColumnsType<EmployeeSummary> = useMemo(
    () => [
      {
        title: t('fields.employeeNo'),
        dataIndex: 'employeeNo',
        width: 120,
        render: (v: string) => <span className="stride-mono">{v}</span>,
      },
      {
        title: t('fields.name'),
        dataIndex: 'name',
        render: (_: string, row) => (
          <Link to={`/people/${row.id}`} data-testid="person-link" style={{ fontWeight: 500 }}>
            {row.name}
          </Link>
        ),
      },
      { title: t('fields.unit'), dataIndex: ['unit', 'name'] },
      {
        title: t('fields.position'),
        dataIndex: ['position', 'name'],
        render: (v: string | undefined) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
      },
      {
        title: t('fields.status'),
        dataIndex: 'status',
        width: 130,
        render: (v: EmployeeStatus) => <StatusTag status={v} />,
      },
      { title: t('fields.hireDate'), dataIndex: 'hireDate', width: 140, render: (v: string) => formatDate(v) },
      {
        title: t('fields.regularizationDate'),
        dataIndex: 'regularizationDate',
        width: 150,
        render: (v: string | null) => formatDate(v),
      },
    ],
    [t],
  );

  return (
    <>
      <PageHeader
        title={t('people.title')}
        subtitle={t('people.subtitle')}
        extra={
          canCreate ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="person-new">
              {t('people.new')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={24} md={12} xl={7}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('people.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              onPressEnter={() => updateParam('q', search.trim() || undefined)}
              style={{ width: '100%' }}
              data-testid="people-search"
              aria-label={t('people.searchPlaceholder')}
            />
          </Col>
          <Col xs={24} sm={12} md={12} xl={6}>
            <UnitTreeSelect
              value={unitId}
              onChange={(v) => updateParam('unitId', v)}
              placeholder={t('people.filterUnit')}
              style={{ width: '100%' }}
              data-testid="people-filter-unit"
            />
          </Col>
          <Col xs={24} sm={12} md={8} xl={4}>
            <Select<EmployeeStatus>
              allowClear
              value={status}
              onChange={(v) => updateParam('status', v)}
              placeholder={t('people.filterStatus')}
              options={employeeStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
              style={{ width: '100%' }}
              data-testid="people-filter-status"
            />
          </Col>
          <Col xs={24} sm={12} md={8} xl={5}>
            <Select<string>
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={positionId}
              onChange={(v) => updateParam('positionId', v)}
              placeholder={t('people.filterPosition')}
              options={(positions ?? []).map((p) => ({ value: p.id, label: p.name }))}
              style={{ width: '100%' }}
              data-testid="people-filter-position"
            />
          </Col>
          {hasFilters ? (
            <Col flex="none">
              <Button
                type="link"
                onClick={() => {
                  setSearch('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
              >
                {t('people.clearFilters')}
              </Button>
            </Col>
          ) : null}
        </Row>
        {error && !data ? (
          <QueryError error={error} onRetry={() => void refetch()} />
        ) : (
          <>
            <Table<EmployeeSummary>
              rowKey="id"
              columns={columns}
              dataSource={data?.items ?? []}
              loading={isFetching}
              pagination={false}
              scroll={{ x: 900 }}
              size="middle"
              data-testid="people-table"
              onRow={(row) => ({
                onDoubleClick: () => navigate(`/people/${row.id}`),
              })}
              locale={{
                emptyText: isPending ? (
                  <div style={{ height: 120 }} />
                ) : (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.empty')} />
                ),
              }}
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
              onPageSizeChange={(size) => updateParam('limit', size === 20 ? undefined : String(size))}
            />
          </>
        )}
      </Card>
      {canCreate ? (
        <EmployeeFormDrawer
          open={creating}
          onClose={() => setCreating(false)}
          onSaved={(employee) => navigate(`/people/${employee.id}`)}
        />
      ) : null}
    </>
  );
}
