import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { GradeScaleRequest, GradeScaleView } from '@stride/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useGradeScaleAction, useGradeScales, useSaveGradeScale } from './queries';
import { namePath } from './templateForm';

type Entry = { grades: string[]; operator: string; percent?: string; percents?: [string, string] };
interface ScaleForm {
  name: string;
  bands: { grade: string; minScore: string; bonusCoefficient: string }[];
  entries: Entry[];
  minHeadcount?: number;
  isDefault: boolean;
}
const OPERATORS = ['<', '<=', '=', '>=', '>', 'between'];

function toForm(s: GradeScaleRequest & { isDefault?: boolean }): ScaleForm {
  return {
    name: s.name,
    bands: s.bands.map((b) => ({
      grade: b.grade,
      minScore: String(b.minScore),
      bonusCoefficient: String(b.bonusCoefficient),
    })),
    entries: (s.guideline?.entries ?? []).map((e) => ({
      grades: typeof e.grades === 'string' ? [e.grades] : [...e.grades],
      operator: e.operator,
      percent: 'percent' in e ? String(e.percent) : undefined,
      percents: 'percents' in e ? [String(e.percents[0]), String(e.percents[1])] : undefined,
    })),
    minHeadcount: s.guideline?.minHeadcount,
    isDefault: Boolean(s.isDefault),
  };
}

function toBody(v: ScaleForm): GradeScaleRequest {
  const entries = (v.entries ?? []).map((e) =>
    e.operator === 'between'
      ? {
          grades: e.grades,
          operator: 'between' as const,
          percents: [e.percents?.[0] ?? '', e.percents?.[1] ?? ''] as [string, string],
        }
      : { grades: e.grades, operator: e.operator as '<', percent: e.percent ?? '' },
  );
  return {
    name: v.name,
    bands: v.bands,
    guideline: entries.length ? { entries, minHeadcount: v.minHeadcount ?? undefined } : null,
    isDefault: v.isDefault,
  };
}

function ScaleModal({
  editing,
  onClose,
}: {
  editing: { id: string | null; initial: ScaleForm } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScaleForm>();
  const save = useSaveGradeScale();
  const [error, setError] = useState<string | null>(null);
  const s = (k: string) => t(`scorecards.scales.${k}`);
  const grades = (Form.useWatch('bands', form) ?? []).map((b) => b?.grade).filter(Boolean);

  useEffect(() => {
    if (!editing) return;
    form.resetFields();
    form.setFieldsValue(editing.initial);
    setError(null);
  }, [editing, form]);

  const onFinish = async (values: ScaleForm) => {
    try {
      await save.mutateAsync({ id: editing?.id ?? null, body: toBody(values) });
      void message.success(s('saved'));
      onClose();
    } catch (err) {
      if (!isApiError(err)) throw err;
      setError(err.problem.detail);
      // Guideline errors point into `guideline.entries.N`; the form holds them as `entries.N`.
      form.setFields(
        err.fieldErrors.map((e) => ({
          name: namePath(e.field.replace(/^guideline\./, '')) as never,
          errors: [e.message],
        })),
      );
    }
  };

  return (
    <Modal
      open={editing !== null}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      width={760}
      title={editing?.id ? s('edit') : s('new')}
      destroyOnHidden
    >
      <Form<ScaleForm> form={form} layout="vertical" onFinish={onFinish}>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item label={s('name')} name="name" rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={s('isDefault')} name="isDefault" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.List name="bands">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key}>
                  <Col span={6}>
                    <Form.Item name={[f.name, 'grade']} style={{ marginBottom: 4 }}>
                      <Input addonBefore={s('grade')} />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[f.name, 'minScore']} style={{ marginBottom: 4 }}>
                      <Input addonBefore={s('minScore')} inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={[f.name, 'bonusCoefficient']} style={{ marginBottom: 4 }}>
                      <Input addonBefore={s('coefficient')} inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col span={2}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({ grade: '', minScore: '', bonusCoefficient: '' })}
              >
                {s('addBand')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {s('guideline')}
        </Typography.Title>
        <Form.List name="entries">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row gutter={8} key={f.key}>
                  <Col span={8}>
                    <Form.Item name={[f.name, 'grades']} style={{ marginBottom: 4 }}>
                      <Select
                        mode="multiple"
                        placeholder={s('grades')}
                        options={grades.map((g) => ({ value: g, label: g }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col span={4}>
                    <Form.Item name={[f.name, 'operator']} style={{ marginBottom: 4 }}>
                      <Select options={OPERATORS.map((o) => ({ value: o, label: o }))} />
                    </Form.Item>
                  </Col>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['entries', f.name, 'operator']) === 'between' ? (
                        <>
                          <Col span={5}>
                            <Form.Item name={[f.name, 'percents', 0]} style={{ marginBottom: 4 }}>
                              <Input suffix="%" />
                            </Form.Item>
                          </Col>
                          <Col span={5}>
                            <Form.Item name={[f.name, 'percents', 1]} style={{ marginBottom: 4 }}>
                              <Input suffix="%" />
                            </Form.Item>
                          </Col>
                        </>
                      ) : (
                        <Col span={10}>
                          <Form.Item name={[f.name, 'percent']} style={{ marginBottom: 4 }}>
                            <Input suffix="%" placeholder={s('percent')} />
                          </Form.Item>
                        </Col>
                      )
                    }
                  </Form.Item>
                  <Col span={2}>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
              <Space>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ grades: [], operator: '<=', percent: '' })}
                >
                  {s('addEntry')}
                </Button>
                <Form.Item label={s('minHeadcount')} name="minHeadcount" style={{ marginBottom: 0 }}>
                  <InputNumber min={0} max={10000} />
                </Form.Item>
              </Space>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function describeEntry(e: NonNullable<GradeScaleView['guideline']>['entries'][0], to: string) {
  const grades = typeof e.grades === 'string' ? e.grades : e.grades.join('+');
  return 'percents' in e
    ? `${grades} ${e.percents[0]}% ${to} ${e.percents[1]}%`
    : `${grades} ${e.operator} ${e.percent}%`;
}

/** Grade scales: bands with bonus coefficients, a distribution guideline, one default per organization. */
export function GradeScalesPanel({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const scales = useGradeScales();
  const action = useGradeScaleAction();
  const toastError = useApiErrorToast();
  const [editing, setEditing] = useState<{ id: string | null; initial: ScaleForm } | null>(null);
  const s = (k: string, o?: Record<string, unknown>) => t(`scorecards.scales.${k}`, o);

  if (scales.error) return <QueryError error={scales.error} onRetry={() => void scales.refetch()} />;
  const data = scales.data;
  const blank: ScaleForm = { name: '', bands: [], entries: [], isDefault: false };

  return (
    <>
      {data?.suggestion ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={s('suggestion')}
          action={
            canEdit ? (
              <Button
                size="small"
                type="primary"
                onClick={() => setEditing({ id: null, initial: toForm({ ...data.suggestion!, isDefault: true }) })}
                data-testid="scale-use-suggestion"
              >
                {s('useSuggestion')}
              </Button>
            ) : null
          }
        />
      ) : null}
      {canEdit ? (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ id: null, initial: blank })}>
            {s('new')}
          </Button>
        </Flex>
      ) : null}
      {data && data.items.length === 0 ? <Empty description={s('empty')} /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {(data?.items ?? []).map((scale) => (
          <Card
            key={scale.id}
            size="small"
            data-testid="grade-scale"
            title={
              <span>
                {scale.name} {scale.isDefault ? <Tag color="blue">{s('default')}</Tag> : null}
              </span>
            }
            extra={
              canEdit ? (
                <Space>
                  {scale.isDefault ? null : (
                    <Button
                      size="small"
                      onClick={() => action.mutate({ id: scale.id, action: 'default' }, { onError: toastError })}
                    >
                      {s('setDefault')}
                    </Button>
                  )}
                  <Button size="small" onClick={() => setEditing({ id: scale.id, initial: toForm(scale) })}>
                    {s('edit')}
                  </Button>
                  <Popconfirm
                    title={s('deleteConfirm', { name: scale.name })}
                    onConfirm={() => action.mutate({ id: scale.id, action: 'delete' }, { onError: toastError })}
                  >
                    <Button size="small" danger>
                      {s('delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : null
            }
          >
            <Table
              size="small"
              pagination={false}
              rowKey="grade"
              dataSource={[...scale.bands].sort((a, b) => Number(b.minScore) - Number(a.minScore))}
              columns={[
                { title: s('grade'), dataIndex: 'grade' },
                { title: s('minScore'), dataIndex: 'minScore' },
                { title: s('coefficient'), dataIndex: 'bonusCoefficient' },
              ]}
            />
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {scale.guideline
                ? scale.guideline.entries.map((e) => describeEntry(e, s('to'))).join('；')
                : s('noGuideline')}
            </Typography.Paragraph>
          </Card>
        ))}
      </Space>
      <ScaleModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}
