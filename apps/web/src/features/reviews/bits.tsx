import { ExportOutlined } from '@ant-design/icons';
import type { ParticipantRow } from '@stride/contracts';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { appealColors, formatSigned, signOf } from './format';

/** The grade in force, with the computed one struck through when calibration or an appeal changed it. */
export function GradeCell({
  grade,
  computedGrade,
  adjusted,
}: {
  grade: string | null;
  computedGrade: string | null;
  adjusted?: boolean;
}) {
  const { t } = useTranslation();
  if (!grade && !computedGrade) return <Typography.Text type="secondary">—</Typography.Text>;
  const changed = computedGrade !== null && grade !== null && computedGrade !== grade;
  return (
    <Space size={4} wrap data-testid="grade-cell">
      <Tag color="blue" style={{ marginInlineEnd: 0, fontWeight: 600 }} data-testid="grade-value">
        {grade ?? computedGrade}
      </Tag>
      {changed ? (
        <Tooltip title={t('reviews.common.computedGradeHint', { grade: computedGrade })}>
          <Typography.Text delete type="secondary" style={{ fontSize: 12 }}>
            {computedGrade}
          </Typography.Text>
        </Tooltip>
      ) : null}
      {adjusted ? (
        <Tag color="orange" bordered={false} style={{ marginInlineEnd: 0 }} data-testid="grade-adjusted">
          {t('reviews.common.adjusted')}
        </Tag>
      ) : null}
    </Space>
  );
}

/** A person's name linking to their result page in this cycle. */
export function ParticipantLink({ row }: { row: Pick<ParticipantRow, 'id' | 'employee'> }) {
  return (
    <Link to={`/review-participants/${row.id}`} data-testid="participant-link" style={{ fontWeight: 500 }}>
      {row.employee.name}
    </Link>
  );
}

export function AppealTag({ status }: { status: 'open' | 'upheld' | 'rejected' | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return (
    <Tag color={appealColors[status]} data-testid="appeal-status" style={{ marginInlineEnd: 0 }}>
      {t(`reviews.appeals.statuses.${status}`)}
    </Tag>
  );
}

/** A signed number, green when it helps and red when it hurts. */
export function Signed({ value, strong }: { value: string | number | null; strong?: boolean }) {
  const s = signOf(value);
  return (
    <Typography.Text
      type={s > 0 ? 'success' : s < 0 ? 'danger' : 'secondary'}
      strong={strong}
      style={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {formatSigned(value)}
    </Typography.Text>
  );
}

/** A download of one of the server's XLSX exports. */
export function ExportButton({ href, children, testId }: { href: string; children: ReactNode; testId: string }) {
  return (
    <Button icon={<ExportOutlined />} href={href} download data-testid={testId}>
      {children}
    </Button>
  );
}

/** Numbers right-aligned with even digits. */
export const numCell = { fontVariantNumeric: 'tabular-nums' } as const;
