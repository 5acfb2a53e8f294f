import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';

/** The server's field errors listed by field (e.g. tiers.2.from: a gap), in the caller's language. */
export function FieldErrorList({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const detail = isApiError(error) ? error.problem.detail : t('errors.generic');
  const fields = isApiError(error) ? error.fieldErrors : [];
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={detail}
      description={
        fields.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="incentive-field-errors">
            {fields.map((f) => (
              <li key={`${f.field}-${f.code}`}>
                <code>{f.field}</code>: {f.message}
              </li>
            ))}
          </ul>
        ) : null
      }
    />
  );
}
