import type { ImportKind, ImportMapping, ImportOptions, ImportView } from '@stride/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Card, Steps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useApiErrorToast } from '../../components/useApiErrorToast';
import { ChooseStep } from './ChooseStep';
import { CommitStep } from './CommitStep';
import { isImportKind } from './kinds';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { type ImportSummary, type ImportUploaded, type ImportValidation, importsKey } from './queries';
import { RecentImports } from './RecentImports';

/** What the wizard knows about the uploaded file; `sample` is missing when an earlier import is resumed. */
export interface ImportSession {
  id: string;
  kind: ImportKind;
  filename: string;
  headers: string[];
  headerRow: number;
  rowCount: number;
  suggestedMapping: ImportMapping;
  sample: ImportUploaded['sample'] | null;
}

const FINISHED = new Set(['committing', 'committed', 'failed']);

/** The file-import wizard: choose and upload → map columns → check → commit. `?kind=targets` preselects a kind. */
export function ImportsPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const toastError = useApiErrorToast();
  const [params] = useSearchParams();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>(() => {
    const asked = params.get('kind');
    return isImportKind(asked) ? asked : 'activities';
  });
  const [session, setSession] = useState<ImportSession | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [options, setOptions] = useState<ImportOptions>({});
  const [validation, setValidation] = useState<ImportValidation | null>(null);

  // Each step starts at the top of the page.
  useEffect(() => {
    if (step >= 0) window.scrollTo({ top: 0 });
  }, [step]);

  const start = (s: ImportSession, m: ImportMapping, o: ImportOptions) => {
    setKind(s.kind);
    setSession(s);
    setMapping(m);
    setOptions(o);
    setValidation(null);
  };

  const onUploaded = (up: ImportUploaded) => {
    start({ ...up }, { ...up.suggestedMapping }, {});
    setStep(1);
  };

  const onOpen = async (item: ImportSummary) => {
    try {
      const view = await queryClient.fetchQuery({
        queryKey: [...importsKey, item.id, 'view'],
        queryFn: () => api<ImportView>(`/imports/${encodeURIComponent(item.id)}`),
        staleTime: 0,
      });
      start({ ...view, sample: null }, { ...(view.mapping ?? view.suggestedMapping) }, view.options ?? {});
      setStep(FINISHED.has(view.status) ? 3 : 1);
    } catch (err) {
      toastError(err);
    }
  };

  const reset = () => {
    setSession(null);
    setValidation(null);
    setStep(0);
  };

  const items = [
    { title: t('imports.steps.choose') },
    { title: t('imports.steps.mapping') },
    { title: t('imports.steps.preview') },
    { title: t('imports.steps.commit') },
  ];

  return (
    <>
      <PageHeader title={t('imports.title')} subtitle={t('imports.subtitle')} />
      <Card style={{ marginBottom: 16 }}>
        <Steps current={step} items={items} size="small" style={{ marginBottom: 24 }} data-testid="import-steps" />
        {step === 0 ? <ChooseStep kind={kind} onKindChange={setKind} onUploaded={onUploaded} /> : null}
        {step === 1 && session ? (
          <MappingStep
            session={session}
            mapping={mapping}
            onMappingChange={setMapping}
            options={options}
            onOptionsChange={setOptions}
            onBack={reset}
            onValidated={(v) => {
              setValidation(v);
              setStep(2);
            }}
          />
        ) : null}
        {step === 2 && session && validation ? (
          <PreviewStep
            session={session}
            validation={validation}
            mappedFields={Object.keys(mapping).filter((f) => Boolean(mapping[f]))}
            onBack={() => setStep(1)}
            onCommitted={() => setStep(3)}
          />
        ) : null}
        {step === 3 && session ? <CommitStep session={session} onNew={reset} /> : null}
      </Card>
      {step === 0 ? <RecentImports onOpen={(item) => void onOpen(item)} /> : null}
    </>
  );
}
