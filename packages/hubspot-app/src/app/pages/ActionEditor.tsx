import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  Input,
  NumberInput,
  Select,
  Text,
  TextArea,
  Toggle,
} from '@hubspot/ui-extensions';
import { saveActionForm, useAnalyticsClient } from './action-api.ts';
import {
  EFFORTS,
  METRICS,
  STATUSES,
  emptyForm,
  formOf,
  type ActionForm,
  type StoredAction,
} from './action-form.ts';
import { KPI_LABEL } from './format.ts';

const options = <T extends string>(values: readonly T[], label: (v: T) => string = (v) => v) =>
  values.map((value) => ({ value, label: label(value) }));

/**
 * Creates or edits an improvement action and its plan: driver, complexity and cost; the SMART objective
 * (metric, scope, target, start, deadline), owner, status, checkpoints, and HubSpot tasks per checkpoint.
 * The server validates (the same rules as its API) and names each field it refuses; the editor shows the
 * message under that field.
 */
export function ActionEditor(props: {
  existing?: StoredAction;
  /** The driver of a new action (from the key drivers). */
  driver?: string;
  onSaved: (action: StoredAction) => void;
  onCancel: () => void;
}) {
  const client = useAnalyticsClient();
  const [form, setForm] = useState<ActionForm>(() =>
    props.existing ? formOf(props.existing) : emptyForm(props.driver),
  );
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<{
    message: string;
    fields: Partial<Record<keyof ActionForm, string>>;
  } | null>(null);
  const set = <K extends keyof ActionForm>(k: K, v: ActionForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const check = (k: keyof ActionForm) =>
    refused?.fields[k] ? { error: true, validationMessage: refused.fields[k] } : {};
  // The props every field shares: its name, test id, and the server's refusal shown under it.
  const field = (k: keyof ActionForm & string) => ({ name: k, testId: `action-${k}`, ...check(k) });
  const text = (
    k: keyof ActionForm & string,
    label: string,
    extra: { placeholder?: string; description?: string } = {},
  ) => (
    <Input
      {...field(k)}
      label={label}
      value={String(form[k] ?? '')}
      onChange={(v: string) => set(k, v as never)}
      {...extra}
    />
  );

  const select = <K extends 'complexity' | 'cost' | 'metric' | 'scopeType' | 'status'>(
    k: K,
    label: string,
    choices: { value: string; label: string }[],
  ) => (
    <Select
      {...field(k)}
      label={label}
      value={form[k]}
      options={choices}
      onChange={(v) => set(k, v as ActionForm[K])}
    />
  );
  const toggle = (k: 'inPlan' | 'createHubSpotTasks', label: string) => (
    <Toggle
      name={k}
      testId={`action-${k}`}
      label={label}
      checked={form[k]}
      onChange={(checked: boolean) => set(k, checked)}
    />
  );

  const save = async () => {
    setSaving(true);
    const r = await saveActionForm(client, form, props.existing);
    setSaving(false);
    if (r.ok) {
      setRefused(null);
      props.onSaved(r.action);
    } else setRefused({ message: r.message, fields: r.fields });
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>{props.existing ? `Edit "${props.existing.title}"` : 'New improvement action'}</Heading>
      {refused ? (
        <Alert title="Not saved" variant="error">
          {refused.message}
        </Alert>
      ) : null}
      {text('title', 'Action', { placeholder: 'Call every detractor within 48 hours' })}
      <TextArea
        {...field('description')}
        label="Description"
        value={form.description}
        onChange={(v: string) => set('description', v)}
      />
      {text('driver', 'Key driver', {
        description: 'The driver it addresses, as the priorities page lists it (e.g. theme:billing).',
      })}
      <Flex direction="row" gap="small">
        {select('complexity', 'Complexity', options(EFFORTS))}
        {select('cost', 'Cost', options(EFFORTS))}
      </Flex>
      {toggle('inPlan', 'In the action plan')}
      {form.inPlan ? (
        <Flex direction="column" gap="small">
          <Text format={{ fontWeight: 'bold' }}>SMART objective</Text>
          <Flex direction="row" gap="small">
            {select(
              'metric',
              'Metric',
              options(METRICS, (m) => KPI_LABEL[m]),
            )}
            <NumberInput
              {...field('target')}
              label="Target"
              value={form.target}
              onChange={(v: number) => set('target', v)}
            />
          </Flex>
          {select('scopeType', 'Measured on', [
            { value: 'portfolio', label: 'All accounts' },
            { value: 'segment', label: 'A segment (account attribute)' },
            { value: 'role', label: 'A respondent role' },
          ])}
          {form.scopeType === 'segment' ? (
            <Flex direction="row" gap="small">
              {text('attribute', 'Attribute', { placeholder: 'sector' })}
              {text('scopeValue', 'Value', { placeholder: 'energy' })}
            </Flex>
          ) : null}
          {form.scopeType === 'role' ? text('role', 'Role', { placeholder: 'buyer' }) : null}
          <Flex direction="row" gap="small">
            {text('start', 'Start (YYYY-MM-DD)')}
            {text('deadline', 'Deadline (YYYY-MM-DD)')}
          </Flex>
          {text('checkpoints', 'Checkpoints', {
            placeholder: '2026-03-31, 2026-06-30',
            description:
              'Review dates after the start, in order; each measures the metric since the previous one.',
          })}
          <Text format={{ fontWeight: 'bold' }}>Owner and status</Text>
          <Flex direction="row" gap="small">
            {text('ownerEmail', 'Owner email')}
            {text('ownerName', 'Owner name')}
            {text('ownerId', 'HubSpot owner id')}
          </Flex>
          {select('status', 'Status', options(STATUSES))}
          {toggle('createHubSpotTasks', 'A HubSpot task for the owner at each checkpoint')}
          {refused?.fields.createHubSpotTasks ? <Text>{refused.fields.createHubSpotTasks}</Text> : null}
        </Flex>
      ) : null}
      <Flex direction="row" gap="small">
        <Button testId="action-save" variant="primary" disabled={saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <Button testId="action-cancel" variant="secondary" disabled={saving} onClick={props.onCancel}>
          Cancel
        </Button>
      </Flex>
    </Flex>
  );
}
