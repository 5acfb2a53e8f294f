import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';

interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
}

/** Full-area error state for a failed query. */
export function QueryError({ error, onRetry }: QueryErrorProps) {
  const { t } = useTranslation();
  const detail = isApiError(error) ? error.problem.detail : t('errors.generic');
  const status =
    isApiError(error) && error.status === 403 ? '403' : isApiError(error) && error.status === 404 ? '404' : 'error';
  return (
    <Result
      status={status}
      title={t('errors.loadFailed')}
      subTitle={detail}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}
