import {
  ApartmentOutlined,
  CrownOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  SearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { OrgUnit } from '@stride/contracts';
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Skeleton,
  Space,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { useOrgUnits } from './queries';
import { buildUnitTree, totalHeadcount, type UnitNode, unitPath } from './tree';
import { UnitModal, type UnitModalMode } from './UnitModal';

function filterTree(nodes: UnitNode[], term: string): UnitNode[] {
  if (!term) return nodes;
  const lower = term.toLowerCase();
  const out: UnitNode[] = [];
  for (const n of nodes) {
    const children = filterTree(n.children, term);
    if (n.name.toLowerCase().includes(lower) || children.length > 0) out.push({ ...n, children });
  }
  return out;
}

function findNode(nodes: UnitNode[], id: string): UnitNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const hit = findNode(n.children, id);
    if (hit) return hit;
  }
  return undefined;
}

export function OrgPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const canManage = me.user.role === 'admin' || me.user.role === 'hr';
  const { data: units, isPending, error, refetch } = useOrgUnits();
  const [search, setSearch] = useState('');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [modal, setModal] = useState<{ mode: UnitModalMode; unit: OrgUnit | null } | null>(null);

  const forest = useMemo(() => buildUnitTree(units ?? []), [units]);
  const visible = useMemo(() => filterTree(forest, search.trim()), [forest, search]);
  const selected = selectedId ? findNode(forest, selectedId) : forest[0];
  // Everything starts expanded; afterwards the user's choice is kept (null = all expanded).
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const allIds = useMemo(() => (units ?? []).map((u) => u.id), [units]);
  const expandedKeys = search.trim() || expanded === null ? allIds : expanded;

  const toTreeData = (nodes: UnitNode[]): TreeDataNode[] =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <Flex align="center" gap={8} wrap style={{ rowGap: 2 }} data-testid="org-node">
          <Typography.Text strong={n.depth === 0}>{n.name}</Typography.Text>
          {n.leader ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              <CrownOutlined /> {n.leader.name}
            </Typography.Text>
          ) : null}
          <Tag bordered={false} color="blue" style={{ marginInlineEnd: 0 }}>
            {t('org.headcount', { count: n.headcount })}
          </Tag>
        </Flex>
      ),
      children: toTreeData(n.children),
    }));

  const treeData = toTreeData(visible);

  if (error) return <QueryError error={error} onRetry={() => void refetch()} />;

  const path = selected && units ? unitPath(units, selected.id) : [];

  return (
    <>
      <PageHeader
        title={t('org.title')}
        subtitle={t('org.subtitle')}
        extra={
          canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setModal({ mode: 'create', unit: selected ?? null })}
              data-testid="unit-new"
            >
              {t('org.addRoot')}
            </Button>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14} xl={15}>
          <Card>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('org.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
              data-testid="org-search"
            />
            {isPending ? (
              <Skeleton active paragraph={{ rows: 8 }} />
            ) : treeData.length === 0 ? (
              <Empty description={t('org.empty')} />
            ) : (
              <Tree
                className="stride-tree"
                showLine
                blockNode
                expandedKeys={expandedKeys}
                onExpand={(keys) => setExpanded(keys.map(String))}
                treeData={treeData}
                selectedKeys={selected ? [selected.id] : []}
                onSelect={(keys) => {
                  if (keys[0]) setSelectedId(String(keys[0]));
                }}
                data-testid="org-tree"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10} xl={9}>
          <Card
            title={
              <Space>
                <ApartmentOutlined />
                {t('org.unitDetails')}
              </Space>
            }
            style={{ position: 'sticky', top: 84 }}
          >
            {!selected ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.selectHint')} />
            ) : (
              <>
                <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="unit-title">
                  {selected.name}
                </Typography.Title>
                {path.length > 1 ? (
                  <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 12 }}>
                    {path.map((p) => p.name).join(' / ')}
                  </Typography.Text>
                ) : null}
                <Descriptions column={1} size="small" styles={{ label: { width: 110 } }}>
                  <Descriptions.Item label={t('fields.leader')}>
                    {selected.leader ? (
                      <Link to={`/people/${selected.leader.id}`}>{selected.leader.name}</Link>
                    ) : (
                      <Typography.Text type="secondary">{t('org.noLeader')}</Typography.Text>
                    )}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('fields.headcount')}>
                    {t('org.headcount', { count: selected.headcount })}
                    {selected.children.length > 0 ? (
                      <Typography.Text type="secondary">
                        {' '}
                        ({t('org.totalHeadcount', { count: totalHeadcount(selected) })})
                      </Typography.Text>
                    ) : null}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('org.subUnits')}>{selected.children.length}</Descriptions.Item>
                </Descriptions>
                <Flex gap={8} wrap style={{ marginTop: 16 }}>
                  <Button icon={<TeamOutlined />} onClick={() => navigate(`/people?unitId=${selected.id}`)}>
                    {t('org.viewPeople')}
                  </Button>
                  {canManage ? (
                    <>
                      <Button
                        icon={<PlusOutlined />}
                        onClick={() => setModal({ mode: 'create', unit: selected })}
                        data-testid="unit-add-child"
                      >
                        {t('org.addChild')}
                      </Button>
                      <Button
                        icon={<EditOutlined />}
                        onClick={() => setModal({ mode: 'rename', unit: selected })}
                        data-testid="unit-rename"
                      >
                        {t('org.rename')}
                      </Button>
                      <Button
                        icon={<DragOutlined />}
                        onClick={() => setModal({ mode: 'move', unit: selected })}
                        data-testid="unit-move"
                      >
                        {t('org.move')}
                      </Button>
                      <Button
                        icon={<CrownOutlined />}
                        onClick={() => setModal({ mode: 'leader', unit: selected })}
                        data-testid="unit-leader-btn"
                      >
                        {t('org.setLeader')}
                      </Button>
                    </>
                  ) : null}
                </Flex>
              </>
            )}
          </Card>
        </Col>
      </Row>
      {canManage ? (
        <UnitModal
          mode={modal?.mode ?? null}
          unit={modal?.unit ?? null}
          onClose={() => setModal(null)}
          onSaved={(u) => {
            setSelectedId(u.id);
            if (u.parentId && expanded !== null && !expanded.includes(u.parentId)) {
              setExpanded([...expanded, u.parentId]);
            }
          }}
        />
      ) : null}
    </>
  );
}
