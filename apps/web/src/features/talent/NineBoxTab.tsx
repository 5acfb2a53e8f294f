import { DEFAULT_TALENT_COMPETENCIES, type TalentLevel } from '@stride/contracts';
import type { ButtonProps } from 'antd';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Drawer,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Tag,
  Typography,
} from 'antd';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/QueryError';
import { UnitTreeSelect } from '../../components/UnitTreeSelect';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useCycles } from '../reviews/queries';
import { boxColor, boxKey, performanceCols, potentialRows } from './boxes';
import {
  type TalentPlacementView,
  type TalentReviewDetail,
  useCreateTalentReview,
  useFinalizeTalentReview,
  useMoveTalent,
  useRateTalent,
  useTalentReview,
  useTalentReviews,
} from './queries';
import { TalentCardPanel } from './TalentCardPanel';

type Placement = TalentPlacementView;

function PersonChip({ p, draggable, onOpen }: { p: Placement; draggable: boolean; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      hoverable
      draggable={draggable}
      onDragStart={(e: DragEvent) => {
        e.dataTransfer.setData('text/plain', p.employee.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onClick={onOpen}
      styles={{ body: { padding: '4px 8px' } }}
      data-testid={`talent-person-${p.employee.employeeNo}`}
    >
      <Flex gap={4} align="center" wrap>
        <Typography.Text strong>{p.employee.name}</Typography.Text>
        <Tag>{p.grade ?? '—'}</Tag>
        {p.moved ? <Tag color="orange">{t('talent.moved')}</Tag> : null}
        {p.flightRisk ? <Tag color="red">{t('talent.flightRisk')}</Tag> : null}
      </Flex>
    </Card>
  );
}

function CreateReviewModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    name: string;
    unitId: string;
    cycleId: string;
    competencies: string[];
    learningWeight: number;
  }>();
  const cycles = useCycles();
  const create = useCreateTalentReview();
  const toastError = useApiErrorToast();
  const published = (cycles.data ?? []).filter((c) => c.stage === 'published' || c.stage === 'closed');
  return (
    <Modal
      open={open}
      title={t('talent.newReview')}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending, 'data-testid': 'talent-create-ok' } as ButtonProps}
      onOk={() =>
        void form.validateFields().then(({ competencies, learningWeight, ...v }) =>
          create.mutate(
            {
              ...v,
              config: {
                // Known names keep their key; new ones get a positional key.
                competencies: competencies.map((name, i) => ({
                  key: DEFAULT_TALENT_COMPETENCIES.find((c) => c.name === name)?.key ?? `c${i + 1}`,
                  name,
                })),
                learningWeight,
              },
            },
            {
              onSuccess: (r) => {
                form.resetFields();
                onCreated(r.id);
              },
              onError: toastError,
            },
          ),
        )
      }
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ competencies: DEFAULT_TALENT_COMPETENCIES.map((c) => c.name), learningWeight: 0.4 }}
      >
        <Form.Item name="name" label={t('talent.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="talent-create-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('talent.unit')} rules={[{ required: true }]}>
          <UnitTreeSelect data-testid="talent-create-unit" />
        </Form.Item>
        <Form.Item name="cycleId" label={t('talent.cycle')} rules={[{ required: true }]}>
          <Select
            loading={cycles.isPending}
            options={published.map((c) => ({ value: c.id, label: c.name }))}
            data-testid="talent-create-cycle"
          />
        </Form.Item>
        <Form.Item
          name="competencies"
          label={t('talent.competencies')}
          rules={[{ required: true, type: 'array', min: 1, max: 10 }]}
        >
          <Select mode="tags" tokenSeparators={[',', '，']} />
        </Form.Item>
        <Form.Item name="learningWeight" label={t('talent.learningWeight')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1} step={0.1} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RateModal({
  review,
  person,
  onClose,
}: {
  review: TalentReviewDetail;
  person: Placement | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const rate = useRateTalent(review.id);
  const toastError = useApiErrorToast();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ratings: Record<string, number>; learningAgility: number }>();
  if (!person) return null;
  return (
    <Modal
      open
      title={t('talent.rateTitle', { name: person.employee.name })}
      onCancel={onClose}
      okButtonProps={{ loading: rate.isPending, 'data-testid': 'talent-rate-ok' } as ButtonProps}
      onOk={() =>
        void form.validateFields().then((v) =>
          rate.mutate(
            { employeeId: person.employee.id, ...v, version: person.version },
            {
              onSuccess: () => {
                void message.success(t('talent.saved'));
                onClose();
              },
              onError: toastError,
            },
          ),
        )
      }
    >
      <Typography.Paragraph type="secondary">{review.formula}</Typography.Paragraph>
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 10 }}
        initialValues={{ ratings: person.ratings, learningAgility: person.learningAgility ?? undefined }}
      >
        {review.config.competencies.map((c) => (
          <Form.Item key={c.key} name={['ratings', c.key]} label={c.name} rules={[{ required: true }]}>
            <InputNumber min={1} max={5} precision={0} data-testid={`talent-rate-${c.key}`} />
          </Form.Item>
        ))}
        <Form.Item name="learningAgility" label={t('talent.learningAgility')} rules={[{ required: true }]}>
          <InputNumber min={1} max={5} precision={0} data-testid="talent-rate-agility" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MoveModal({
  review,
  move,
  onClose,
}: {
  review: TalentReviewDetail;
  move: { person: Placement; box: string } | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const mutation = useMoveTalent(review.id);
  const toastError = useApiErrorToast();
  const [reason, setReason] = useState('');
  if (!move) return null;
  const boxName = (b: string | null) => (b ? t(`talent.box.${b}` as 'talent.box.high-high') : '—');
  return (
    <Modal
      open
      title={t('talent.moveTitle', { name: move.person.employee.name })}
      onCancel={() => {
        setReason('');
        onClose();
      }}
      okButtonProps={
        { loading: mutation.isPending, disabled: !reason.trim(), 'data-testid': 'talent-move-ok' } as ButtonProps
      }
      onOk={() =>
        mutation.mutate(
          { employeeId: move.person.employee.id, box: move.box, reason, version: move.person.version },
          {
            onSuccess: () => {
              setReason('');
              onClose();
            },
            onError: toastError,
          },
        )
      }
    >
      <Flex vertical gap={8}>
        <Typography.Text>
          {t('talent.from')}: {boxName(move.person.box)} → {t('talent.moveTo')}: <strong>{boxName(move.box)}</strong>
        </Typography.Text>
        {move.person.computedBox ? (
          <Typography.Text type="secondary">
            {t('talent.computed', { box: boxName(move.person.computedBox) })}
          </Typography.Text>
        ) : null}
        <Typography.Text>{t('talent.reason')}</Typography.Text>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('talent.reasonPlaceholder')}
          data-testid="talent-move-reason"
        />
      </Flex>
    </Modal>
  );
}

function Grid({
  review,
  onOpen,
  onDrop,
}: {
  review: TalentReviewDetail;
  onOpen: (p: Placement) => void;
  onDrop: (employeeId: string, box: string) => void;
}) {
  const { t } = useTranslation();
  const [over, setOver] = useState<string | null>(null);
  const open = review.status === 'open';
  const lv = (l: TalentLevel) => t(`talent.level.${l}`);
  return (
    <Flex gap={8}>
      <Typography.Text
        type="secondary"
        style={{ writingMode: 'vertical-rl', transform: 'rotate(180deg)', alignSelf: 'center' }}
      >
        {t('talent.potentialAxis')}
      </Typography.Text>
      <Flex vertical gap={8} style={{ flex: 1 }}>
        <div
          style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: 8 }}
          data-testid="nine-box"
        >
          {potentialRows.flatMap((pot) =>
            performanceCols.map((perf) => {
              const box = boxKey(perf, pot);
              const people = review.placements.filter((p) => p.box === box);
              return (
                <div
                  key={box}
                  role="listbox"
                  aria-label={t(`talent.box.${box}` as 'talent.box.high-high')}
                  data-testid={`box-${box}`}
                  onDragOver={(e) => {
                    if (!open) return;
                    e.preventDefault();
                    setOver(box);
                  }}
                  onDragLeave={() => setOver(null)}
                  onDrop={(e) => {
                    e.preventDefault();
                    setOver(null);
                    const id = e.dataTransfer.getData('text/plain');
                    if (id) onDrop(id, box);
                  }}
                  style={{
                    background: boxColor(box),
                    minHeight: 140,
                    padding: 8,
                    borderRadius: 8,
                    outline: over === box ? '2px dashed #1677ff' : '1px solid #f0f0f0',
                  }}
                >
                  <Flex justify="space-between" align="baseline">
                    <Typography.Text strong>{t(`talent.box.${box}` as 'talent.box.high-high')}</Typography.Text>
                    <Badge count={people.length} showZero color="#8c8c8c" />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('talent.boxLabel', { performance: lv(perf), potential: lv(pot) })}
                  </Typography.Text>
                  <Flex vertical gap={4} style={{ marginTop: 6 }}>
                    {people.map((p) => (
                      <PersonChip key={p.employee.id} p={p} draggable={open} onOpen={() => onOpen(p)} />
                    ))}
                  </Flex>
                </div>
              );
            }),
          )}
        </div>
        <Typography.Text type="secondary" style={{ textAlign: 'center' }}>
          {t('talent.performanceAxis')}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

/** 九宫格: choose a review, see people placed, drag to calibrate with a reason, rate potential, finalize. */
export function NineBoxTab({ isHr }: { isHr: boolean }) {
  const { t } = useTranslation();
  const reviews = useTalentReviews();
  const [chosen, setChosen] = useState<string | null>(null);
  const reviewId = chosen ?? reviews.data?.[0]?.id ?? null;
  const review = useTalentReview(reviewId);
  const [creating, setCreating] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [rating, setRating] = useState<Placement | null>(null);
  const [moving, setMoving] = useState<{ person: Placement; box: string } | null>(null);
  const finalize = useFinalizeTalentReview(reviewId ?? '');
  const toastError = useApiErrorToast();

  if (reviews.isPending) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (reviews.error) return <QueryError error={reviews.error} onRetry={() => void reviews.refetch()} />;

  const createButton = isHr ? (
    <Button type="primary" onClick={() => setCreating(true)} data-testid="talent-new-review">
      {t('talent.newReview')}
    </Button>
  ) : null;
  const modal = (
    <CreateReviewModal
      open={creating}
      onClose={() => setCreating(false)}
      onCreated={(id) => {
        setCreating(false);
        setChosen(id);
      }}
    />
  );
  if (!reviews.data.length)
    return (
      <>
        <Empty description={`${t('talent.noReviews')}: ${t('talent.noReviewsHint')}`}>{createButton}</Empty>
        {modal}
      </>
    );

  const data = review.data;
  const selectedPlacement = data?.placements.find((p) => p.employee.id === selected) ?? null;
  const unplaced = data?.placements.filter((p) => !p.box) ?? [];
  const isOpen = data?.status === 'open';

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Select
          value={reviewId ?? undefined}
          onChange={setChosen}
          style={{ minWidth: 260 }}
          aria-label={t('talent.selectReview')}
          options={reviews.data.map((r) => ({
            value: r.id,
            label: `${r.name} · ${t(`talent.status.${r.status}`)}`,
          }))}
          data-testid="talent-review-select"
        />
        {data ? (
          <Typography.Text type="secondary">
            {data.unit.name} · {data.cycle.name} · {t('talent.people', { placed: data.placed, count: data.people })}
          </Typography.Text>
        ) : null}
        <Flex gap={8} style={{ marginLeft: 'auto' }}>
          {data?.canFinalize ? (
            <Popconfirm
              title={t('talent.finalizeConfirm')}
              onConfirm={() => finalize.mutate(data.version, { onError: toastError })}
            >
              <Button loading={finalize.isPending} data-testid="talent-finalize">
                {t('talent.finalize')}
              </Button>
            </Popconfirm>
          ) : null}
          {createButton}
        </Flex>
      </Flex>
      {review.error ? (
        <QueryError error={review.error} onRetry={() => void review.refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 8 }} />
      ) : (
        <>
          <Alert
            type={isOpen ? 'info' : 'success'}
            showIcon
            message={isOpen ? t('talent.dragHint') : t('talent.finalized')}
            description={`${t('talent.formula')}: ${data.formula}`}
          />
          <Grid
            review={data}
            onOpen={(p) => setSelected(p.employee.id)}
            onDrop={(id, box) => {
              const person = data.placements.find((p) => p.employee.id === id);
              if (person && person.box !== box) setMoving({ person, box });
            }}
          />
          {unplaced.length ? (
            <Card size="small" title={t('talent.unplaced', { count: unplaced.length })} data-testid="talent-unplaced">
              <Typography.Paragraph type="secondary">{t('talent.unplacedHint')}</Typography.Paragraph>
              <Flex gap={8} wrap>
                {unplaced.map((p) => (
                  <Button
                    key={p.employee.id}
                    disabled={!isOpen}
                    onClick={() => setRating(p)}
                    data-testid={`talent-rate-${p.employee.employeeNo}`}
                  >
                    {p.employee.name} ({p.grade ?? '—'}) · {t('talent.rate')}
                  </Button>
                ))}
              </Flex>
            </Card>
          ) : null}
          <Drawer
            open={Boolean(selectedPlacement)}
            onClose={() => setSelected(null)}
            size="large"
            title={selectedPlacement ? `${t('talent.card.title')} · ${selectedPlacement.employee.name}` : ''}
            extra={
              selectedPlacement && isOpen ? (
                <Button onClick={() => setRating(selectedPlacement)} data-testid="talent-drawer-rate">
                  {t('talent.rate')}
                </Button>
              ) : null
            }
            destroyOnHidden
          >
            {selectedPlacement ? <TalentCardPanel employeeId={selectedPlacement.employee.id} /> : null}
          </Drawer>
          {rating ? <RateModal review={data} person={rating} onClose={() => setRating(null)} /> : null}
          <MoveModal review={data} move={moving} onClose={() => setMoving(null)} />
        </>
      )}
      {modal}
    </Flex>
  );
}
