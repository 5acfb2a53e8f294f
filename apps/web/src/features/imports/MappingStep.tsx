import { ArrowLeftOutlined, CheckCircleOutlined, FileTextOutlined, UndoOutlined } from '@ant-design/icons';
import type { ImportMapping, ImportOptions } from '@stride/contracts';
import { Alert, Button, Collapse, Divider, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { useCurrentUser } from '../auth/queries';
import { FileSample } from './FileSample';
import { ImportOptionsForm } from './ImportOptionsForm';
import type { ImportSession } from './ImportsPage';
import { importFields, PERSON_FIELDS, SUBJECT_FIELDS } from './kinds';
import { MappingTable } from './MappingTable';
import { type ImportValidation, useSetMapping } from './queries';

interface MappingStepProps {
  session: ImportSession;
  mapping: ImportMapping;
  onMappingChange: (mapping: ImportMapping) => void;
  options: ImportOptions;
  onOptionsChange: (options: ImportOptions) => void;
  onBack: () => void;
  onValidated: (validation: ImportValidation) => void;
}

/** Step 2: which column feeds which field, the kind's options, and a look at the file. */
export function MappingStep(props: MappingStepProps) {
  const { session, mapping, onMappingChange, options, onOptionsChange, onBack, onValidated } = props;
  const { t } = useTranslation();
  const me = useCurrentUser();
  const toastError = useApiErrorToast();
  const setMapping = useSetMapping(session.id);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [optionErrors, setOptionErrors] = useState<Record<string, string>>({});
  const kind = session.kind;

  const change = (field: string, header: string | null) => {
    onMappingChange({ ...mapping, [field]: header });
    setFieldErrors(({ [field]: _gone, ...rest }) => rest);
  };

  const localErrors = (): Record<string, string> => {
    const errs: Record<string, string> = {};
    for (const f of importFields[kind]) {
      if (f.required && !mapping[f.key]) errs[f.key] = t('imports.mapping.requiredMissing');
    }
    if (kind === 'activities' && !PERSON_FIELDS.some((f) => mapping[f])) {
      errs.employeeNo = t('imports.mapping.personMissing');
    }
    if (kind === 'targets' && !SUBJECT_FIELDS.some((f) => mapping[f])) {
      errs.employeeNo = t('imports.mapping.subjectMissing');
    }
    return errs;
  };

  const submit = () => {
    const errs = localErrors();
    setFieldErrors(errs);
    setOptionErrors({});
    if (Object.keys(errs).length > 0) return;
    const body = Object.fromEntries(importFields[kind].map((f) => [f.key, mapping[f.key] || null]));
    setMapping.mutate(
      { mapping: body, options },
      {
        onSuccess: onValidated,
        onError: (err) => {
          toastError(err);
          if (!isApiError(err)) return;
          const fe: Record<string, string> = {};
          const oe: Record<string, string> = {};
          for (const e of err.fieldErrors) {
            if (e.field.startsWith('mapping.')) fe[e.field.slice(8)] = e.message;
            else if (e.field.startsWith('options.')) oe[e.field.slice(8).split('.')[0]] = e.message;
          }
          setFieldErrors(fe);
          setOptionErrors(oe);
        },
      },
    );
  };

  const hasOptions = kind !== 'people';

  return (
    <>
      <Alert
        type="info"
        showIcon
        icon={<FileTextOutlined />}
        style={{ marginBottom: 16 }}
        title={t('imports.mapping.fileInfo', {
          filename: session.filename,
          row: session.headerRow,
          count: session.rowCount,
        })}
        description={
          kind === 'activities'
            ? t('imports.mapping.personHint')
            : kind === 'targets'
              ? t('imports.mapping.subjectHint')
              : undefined
        }
        data-testid="import-file-info"
      />
      <MappingTable
        kind={kind}
        headers={session.headers}
        mapping={mapping}
        suggested={session.suggestedMapping}
        sample={session.sample}
        errors={fieldErrors}
        onChange={change}
      />
      <Flex justify="flex-end" style={{ marginTop: 8 }}>
        <Button
          type="link"
          size="small"
          icon={<UndoOutlined />}
          onClick={() => {
            onMappingChange({ ...session.suggestedMapping });
            setFieldErrors({});
          }}
        >
          {t('imports.mapping.resetSuggested')}
        </Button>
      </Flex>
      {hasOptions ? (
        <>
          <Divider titlePlacement="start">{t('imports.options.title')}</Divider>
          <ImportOptionsForm
            kind={kind}
            options={options}
            onChange={onOptionsChange}
            isAdmin={me.user.role === 'admin'}
            orgTimeZone={me.org.timeZone}
            errors={optionErrors}
          />
        </>
      ) : null}
      {session.sample && session.sample.length > 0 ? (
        <Collapse
          style={{ marginTop: 16 }}
          defaultActiveKey={['sample']}
          items={[
            {
              key: 'sample',
              label: t('imports.mapping.sampleTitle', { count: session.sample.length }),
              children: <FileSample headers={session.headers} sample={session.sample} />,
            },
          ]}
        />
      ) : null}
      <Flex justify="space-between" gap={8} wrap style={{ marginTop: 24 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('imports.mapping.changeFile')}
        </Button>
        <Button
          type="primary"
          icon={<CheckCircleOutlined />}
          loading={setMapping.isPending}
          onClick={submit}
          data-testid="import-validate"
        >
          {t('imports.mapping.check')}
        </Button>
      </Flex>
    </>
  );
}
