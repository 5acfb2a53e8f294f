import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

interface CursorPagerProps {
  total: number | undefined;
  page: number;
  pageSize: number;
  hasPrevious: boolean;
  hasNext: boolean;
  loading?: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange?: (size: number) => void;
}

/** Previous/next pager for cursor-paginated lists, with the total count. */
export function CursorPager(props: CursorPagerProps) {
  const { t } = useTranslation();
  const { total, page, pageSize, hasPrevious, hasNext, loading, onPrevious, onNext, onPageSizeChange } = props;
  const pages = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginTop: 16 }}>
      <Typography.Text type="secondary" data-testid="list-total">
        {total !== undefined ? t('common.total', { count: total }) : null}
      </Typography.Text>
      <Flex gap={8} align="center" wrap>
        {onPageSizeChange ? (
          <Select
            size="middle"
            value={pageSize}
            style={{ width: 120 }}
            onChange={onPageSizeChange}
            options={[10, 20, 50, 100].map((size) => ({ value: size, label: t('common.pageSize', { size }) }))}
          />
        ) : null}
        <Button
          icon={<LeftOutlined />}
          disabled={!hasPrevious || loading}
          onClick={onPrevious}
          data-testid="page-previous"
        >
          {t('common.previous')}
        </Button>
        <Typography.Text style={{ minWidth: 48, textAlign: 'center' }}>
          {pages !== undefined ? `${page} / ${pages}` : page}
        </Typography.Text>
        <Button disabled={!hasNext || loading} onClick={onNext} data-testid="page-next">
          {t('common.next')}
          <RightOutlined />
        </Button>
      </Flex>
    </Flex>
  );
}
