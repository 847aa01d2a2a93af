import { useState } from 'react';
import {
  Alert,
  Button,
  ButtonRow,
  Divider,
  ErrorState,
  Flex,
  Heading,
  LoadingSpinner,
  NumberInput,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
  Toggle,
} from '@hubspot/ui-extensions';
import {
  validateConfig,
  type ConfigPreview,
  type CxConfig,
  type HealthComponentConfig,
  type VersionedConfig,
} from './cx-config.ts';
import type { HubSpotFetch } from './cxkit-server.ts';
import { ReconnectNotice, useConnection } from './connection.tsx';
import { PreviewResult } from './PreviewResult.tsx';
import { useConfig, type CallError } from './use-config.ts';
import { WeightsSuggestion } from './WeightsSuggestion.tsx';

/** The cxkit settings page: health weights and scales, band thresholds, role weights. */
export function SettingsPage({ fetcher, serverUrl }: { fetcher: HubSpotFetch; serverUrl: string }) {
  const connection = useConnection(fetcher, serverUrl);
  const page = <SettingsBody fetcher={fetcher} serverUrl={serverUrl} />;
  if (connection.status === 'connected') return page;
  return (
    <Flex direction="column" gap="small">
      <ReconnectNotice connection={connection} />
      {page}
    </Flex>
  );
}

function SettingsBody({ fetcher, serverUrl }: { fetcher: HubSpotFetch; serverUrl: string }) {
  const { loaded, reload, preview, save } = useConfig(fetcher, serverUrl);
  if (loaded.status === 'loading')
    return <LoadingSpinner label="Loading cxkit settings…" layout="centered" />;
  if (loaded.status === 'error') {
    return (
      <ErrorState title="cxkit settings are unavailable">
        <Text>{loaded.error.message}</Text>
        <Button onClick={reload} variant="secondary">
          Try again
        </Button>
      </ErrorState>
    );
  }
  return (
    <SettingsForm
      key={loaded.current.version}
      fetcher={fetcher}
      serverUrl={serverUrl}
      loaded={loaded.current}
      preview={preview}
      save={save}
      reload={reload}
    />
  );
}

type Outcome = { kind: 'saved'; version: number } | { kind: 'error'; error: CallError } | null;

function SettingsForm({
  fetcher,
  serverUrl,
  loaded,
  preview,
  save,
  reload,
}: {
  fetcher: HubSpotFetch;
  serverUrl: string;
  loaded: VersionedConfig;
  preview: ReturnType<typeof useConfig>['preview'];
  save: ReturnType<typeof useConfig>['save'];
  reload: () => void;
}) {
  // The last saved version: a successful save moves it, so the next save sends the right expectedVersion.
  const [base, setBase] = useState<VersionedConfig>(loaded);
  const [draft, setDraft] = useState<CxConfig>(loaded.config);
  const [impact, setImpact] = useState<ConfigPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const errors = validateConfig(draft);
  const valid = Object.keys(errors).length === 0;
  const changed = JSON.stringify(draft) !== JSON.stringify(base.config);

  const edit = (f: (c: CxConfig) => void) => {
    const next = structuredClone(draft);
    f(next);
    setDraft(next);
    setImpact(null);
    setOutcome(null);
  };
  const editComponent = (i: number, f: (c: HealthComponentConfig) => void) =>
    edit((c) => f(c.health.components[i]!));
  const field = (path: string) => (errors[path] ? { error: true, validationMessage: errors[path] } : {});

  const runPreview = async () => {
    setBusy(true);
    const r = await preview(draft);
    setBusy(false);
    if (r.ok) setImpact(r.preview);
    else setOutcome({ kind: 'error', error: r.error });
  };
  const runSave = async () => {
    setBusy(true);
    const r = await save(base.version, draft);
    setBusy(false);
    if (r.ok) {
      setBase(r.saved);
      setDraft(r.saved.config);
      setOutcome({ kind: 'saved', version: r.saved.version });
    } else {
      setOutcome({ kind: 'error', error: r.error });
    }
  };

  return (
    <Flex direction="column" gap="medium">
      <Heading>Health score components</Heading>
      <Text>
        Weights are relative: a component weighing 10 counts twice as much as one weighing 5. Each component's
        raw value is mapped to 0-100 between its unhealthy and healthy ends.
      </Text>
      {errors['health.components'] ? (
        <Alert title="Check the weights" variant="danger">
          {errors['health.components']}
        </Alert>
      ) : null}
      <Table bordered={false} density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>Component</TableHeader>
            <TableHeader>Weight</TableHeader>
            <TableHeader>Scale</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {draft.health.components.map((comp, i) => (
            <TableRow key={comp.key}>
              <TableCell>{comp.label}</TableCell>
              <TableCell>
                <NumberInput
                  label={`Weight of ${comp.label}`}
                  name={`weight-${comp.key}`}
                  testId={`weight-${comp.key}`}
                  value={comp.weight}
                  min={0}
                  onChange={(v) => editComponent(i, (c) => void (c.weight = v))}
                  {...field(`health.components.${i}.weight`)}
                />
              </TableCell>
              <TableCell>
                <ScaleEditor comp={comp} index={i} field={field} editComponent={editComponent} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>

      <Divider />
      <Heading>Health bands</Heading>
      <Text>A score falls in the highest band whose threshold it reaches.</Text>
      <Flex direction="row" gap="small" wrap>
        {draft.health.bands.map((band, i) => (
          <NumberInput
            key={band.key}
            label={`${band.label} from`}
            name={`band-${band.key}`}
            testId={`band-${band.key}`}
            value={band.min}
            min={0}
            max={100}
            readOnly={i === 0}
            description={i === 0 ? 'The lowest band always starts at 0.' : undefined}
            onChange={(v) => edit((c) => void (c.health.bands[i]!.min = v))}
            {...field(`health.bands.${i}.min`)}
          />
        ))}
      </Flex>

      <Divider />
      <Heading>Role weights</Heading>
      <Text>How much each role's answers count in an account's weighted scores (0 to 100).</Text>
      {errors['roleWeights.weights'] ? (
        <Alert title="Check the role weights" variant="danger">
          {errors['roleWeights.weights']}
        </Alert>
      ) : null}
      <Flex direction="row" gap="small" wrap>
        {Object.entries(draft.roleWeights.weights).map(([role, w]) => (
          <NumberInput
            key={role}
            label={role}
            name={`role-${role}`}
            testId={`role-${role}`}
            value={w}
            min={0}
            max={100}
            onChange={(v) => edit((c) => void (c.roleWeights.weights[role] = v))}
            {...field(`roleWeights.weights.${role}`)}
          />
        ))}
        <NumberInput
          label="Any other role"
          name="role-default"
          testId="role-default"
          value={draft.roleWeights.defaultWeight}
          min={0}
          max={100}
          onChange={(v) => edit((c) => void (c.roleWeights.defaultWeight = v))}
          {...field('roleWeights.defaultWeight')}
        />
      </Flex>

      <Divider />
      <ButtonRow>
        <Button
          testId="preview"
          variant="secondary"
          disabled={!valid || busy}
          onClick={() => void runPreview()}
        >
          Preview band changes
        </Button>
        <Button
          testId="save"
          variant="primary"
          disabled={!valid || !changed || busy}
          onClick={() => void runSave()}
        >
          Save
        </Button>
      </ButtonRow>
      {impact ? <PreviewResult preview={impact} /> : null}
      <Divider />
      <WeightsSuggestion
        fetcher={fetcher}
        serverUrl={serverUrl}
        components={base.config.health.components}
        onAdopt={(weights) =>
          edit((c) => {
            for (const comp of c.health.components) comp.weight = weights[comp.key] ?? comp.weight;
          })
        }
      />
      {outcome?.kind === 'saved' ? (
        <Alert title="Settings saved" variant="success">
          Saved as version {outcome.version}. Scores are recomputed with the new settings.
        </Alert>
      ) : null}
      {outcome?.kind === 'error' ? (
        <Alert title={outcome.error.conflict ? 'Settings changed elsewhere' : 'Not saved'} variant="danger">
          {outcome.error.message}
          {outcome.error.conflict ? (
            <Button onClick={reload} variant="secondary" size="sm">
              Reload
            </Button>
          ) : null}
        </Alert>
      ) : null}
    </Flex>
  );
}

function ScaleEditor({
  comp,
  index,
  field,
  editComponent,
}: {
  comp: HealthComponentConfig;
  index: number;
  field: (path: string) => { error?: boolean; validationMessage?: string };
  editComponent: (i: number, f: (c: HealthComponentConfig) => void) => void;
}) {
  const s = comp.scale;
  if (s.type === 'linear') {
    return (
      <Flex direction="row" gap="extra-small" align="end">
        <NumberInput
          label="Unhealthy at"
          name={`lo-${comp.key}`}
          testId={`lo-${comp.key}`}
          value={s.lo}
          onChange={(v) => editComponent(index, (c) => void ((c.scale as { lo: number }).lo = v))}
          {...field(`health.components.${index}.scale.lo`)}
        />
        <NumberInput
          label="Healthy at"
          name={`hi-${comp.key}`}
          testId={`hi-${comp.key}`}
          value={s.hi}
          onChange={(v) => editComponent(index, (c) => void ((c.scale as { hi: number }).hi = v))}
          {...field(`health.components.${index}.scale.hi`)}
        />
        <Toggle
          label="Lower is healthier"
          name={`invert-${comp.key}`}
          testId={`invert-${comp.key}`}
          checked={s.invert}
          onChange={(v) => editComponent(index, (c) => void ((c.scale as { invert: boolean }).invert = v))}
        />
      </Flex>
    );
  }
  if (s.type === 'percentile') {
    return (
      <Toggle
        label="Rank against other accounts; lower is healthier"
        name={`invert-${comp.key}`}
        testId={`invert-${comp.key}`}
        checked={s.invert}
        onChange={(v) => editComponent(index, (c) => void ((c.scale as { invert: boolean }).invert = v))}
      />
    );
  }
  // Steps: a value up to each bound scores that step's points; above the last bound, the last step's.
  const steps = (c: HealthComponentConfig) => (c.scale as { bands: { upTo: number; score: number }[] }).bands;
  return (
    <Flex direction="column" gap="extra-small">
      <Text variant="microcopy">Steps: a value up to each bound scores that step&apos;s points.</Text>
      {s.bands.map((b, j) => (
        <Flex key={j} direction="row" gap="extra-small" align="end">
          <NumberInput
            label={`Step ${j + 1}: up to`}
            name={`upto-${comp.key}-${j}`}
            testId={`upto-${comp.key}-${j}`}
            value={b.upTo}
            onChange={(v) => editComponent(index, (c) => void (steps(c)[j]!.upTo = v))}
            {...field(`health.components.${index}.scale.bands.${j}.upTo`)}
          />
          <NumberInput
            label="scores"
            name={`stepscore-${comp.key}-${j}`}
            testId={`stepscore-${comp.key}-${j}`}
            value={b.score}
            min={0}
            max={100}
            onChange={(v) => editComponent(index, (c) => void (steps(c)[j]!.score = v))}
            {...field(`health.components.${index}.scale.bands.${j}.score`)}
          />
          <Button
            variant="secondary"
            size="sm"
            testId={`remove-step-${comp.key}-${j}`}
            disabled={s.bands.length === 1}
            onClick={() => editComponent(index, (c) => void steps(c).splice(j, 1))}
          >
            Remove step
          </Button>
        </Flex>
      ))}
      {field(`health.components.${index}.scale.bands`).error ? (
        <Text variant="microcopy">{field(`health.components.${index}.scale.bands`).validationMessage}</Text>
      ) : null}
      <Button
        variant="secondary"
        size="sm"
        testId={`add-step-${comp.key}`}
        onClick={() =>
          editComponent(index, (c) => {
            const list = steps(c);
            const last = list[list.length - 1];
            list.push({ upTo: (last?.upTo ?? 0) + 1, score: last?.score ?? 50 });
          })
        }
      >
        Add step
      </Button>
    </Flex>
  );
}
