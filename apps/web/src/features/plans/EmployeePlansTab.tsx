import { Button, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { useCurrentUser } from '../auth/queries';
import { CreatePlanModal } from './CreatePlanModal';
import { PlansTable } from './PlansTable';
import { useEmployeePlans } from './queries';

/** The 改进计划 tab of a person's page: their plans the caller may see, and a new plan for HR and their manager. */
export function EmployeePlansTab({ employee }: { employee: { id: string; name: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const list = useEmployeePlans(employee.id);
  const [creating, setCreating] = useState(false);
  const canCreate = me.user.role !== 'employee' && me.user.employeeId !== employee.id;
  return (
    <div data-testid="profile-plans">
      {canCreate ? (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button type="primary" onClick={() => setCreating(true)} data-testid="profile-plan-create">
            {t('plans.create')}
          </Button>
        </Flex>
      ) : null}
      {list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <PlansTable rows={list.data} loading={list.isPending} hidePerson testId="profile-plans-table" />
      )}
      {canCreate ? (
        <CreatePlanModal
          open={creating}
          source="manual"
          employee={employee}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            navigate(`/plans/${id}`);
          }}
        />
      ) : null}
    </div>
  );
}
