import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { EmploymentActionModal } from './EmploymentActionModal';
import { EmploymentActionsTable } from './EmploymentActionsTable';
import { useEmploymentActions } from './queries';

/** The 人事异动 tab of a person's page: their employment actions, and a new one (not for oneself). */
export function EmployeeEmploymentTab({ employee }: { employee: { id: string; name: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const list = useEmploymentActions({ employeeId: employee.id });
  const [creating, setCreating] = useState(false);
  const canCreate = me.user.role !== 'employee' && me.user.employeeId !== employee.id;
  return (
    <div data-testid="profile-employment">
      {canCreate ? (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="profile-employment-create">
            {t('employment.create')}
          </Button>
        </Flex>
      ) : null}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <EmploymentActionsTable
          rows={list.data}
          loading={list.isPending}
          hidePerson
          testId="profile-employment-table"
        />
      )}
      {canCreate ? (
        <EmploymentActionModal
          open={creating}
          employee={employee}
          onClose={() => setCreating(false)}
          onSaved={(id) => {
            setCreating(false);
            navigate(`/employment-actions/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}
