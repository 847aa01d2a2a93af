import { useState } from 'react';
import {
  Alert,
  Button,
  Flex,
  Heading,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Text,
} from '@hubspot/ui-extensions';
import type { HealthComponentConfig } from './cx-config.ts';
import type { HubSpotFetch } from './cxkit-server.ts';
import { PreviewResult } from './PreviewResult.tsx';
import { fetchWeightsValidation, type WeightsValidation } from './weights-validation.ts';

const auc = (v: number) => v.toFixed(3);

/**
 * Checks the saved health weights against later churn on the tenant's history and shows the
 * suggested set with the band changes it would bring; "Use these weights" copies them into the
 * form, which the admin then saves like any other edit.
 */
export function WeightsSuggestion({
  fetcher,
  serverUrl,
  components,
  onAdopt,
}: {
  fetcher: HubSpotFetch;
  serverUrl: string;
  /** The components being edited (their labels and current weights). */
  components: readonly HealthComponentConfig[];
  /** Called with the suggested weight of each component key. */
  onAdopt: (weights: Record<string, number>) => void;
}) {
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'loading' }
    | { status: 'error'; message: string }
    | { status: 'ready'; validation: WeightsValidation; adopted: boolean }
  >({ status: 'idle' });

  const check = async () => {
    setState({ status: 'loading' });
    const r = await fetchWeightsValidation(fetcher, serverUrl);
    setState(
      r.ok
        ? { status: 'ready', validation: r.validation, adopted: false }
        : { status: 'error', message: r.message },
    );
  };

  return (
    <Flex direction="column" gap="small">
      <Heading>Weights against later churn</Heading>
      <Text>
        cxkit scores your accounts as they were at past dates with the saved weights and checks how well the
        score ranked the accounts that churned afterwards; it also fits a weight set on the earlier dates and
        checks it on the later ones.
      </Text>
      <Button
        testId="check-weights"
        variant="secondary"
        disabled={state.status === 'loading'}
        onClick={() => void check()}
      >
        Check the weights against later churn
      </Button>
      {state.status === 'error' ? (
        <Alert title="No weights check" variant="info">
          {state.message}
        </Alert>
      ) : null}
      {state.status === 'ready' ? (
        <Suggestion
          validation={state.validation}
          components={components}
          adopted={state.adopted}
          onAdopt={() => {
            onAdopt(state.validation.weights);
            setState({ ...state, adopted: true });
          }}
        />
      ) : null}
    </Flex>
  );
}

function Suggestion({
  validation: v,
  components,
  adopted,
  onAdopt,
}: {
  validation: WeightsValidation;
  components: readonly HealthComponentConfig[];
  adopted: boolean;
  onAdopt: () => void;
}) {
  const summary =
    `Churn within ${v.horizonDays} days, from ${v.validationFrom.slice(0, 10)} on: ` +
    `${v.current.events} churned of ${v.current.rows} account snapshots. ` +
    `AUC (0.5 = chance, 1 = perfect): saved weights ${auc(v.current.auc)}, suggested ${auc(v.suggested.auc)}.`;
  return (
    <Flex direction="column" gap="extra-small">
      <Alert
        title={v.better ? 'The suggested weights rank later churn better' : 'The saved weights hold up'}
        variant={v.better ? 'warning' : 'success'}
      >
        {summary}
      </Alert>
      <Table testId="suggested-weights" bordered={false} density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>Component</TableHeader>
            <TableHeader>Saved weight</TableHeader>
            <TableHeader>Suggested</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {components.map((c) => (
            <TableRow key={c.key}>
              <TableCell>{c.label}</TableCell>
              <TableCell>{String(c.weight)}</TableCell>
              <TableCell>{String(v.weights[c.key] ?? c.weight)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <PreviewResult preview={v.preview} />
      {adopted ? (
        <Alert title="Suggested weights copied into the form" variant="info">
          Save to apply them; scores are then recomputed.
        </Alert>
      ) : (
        <Button testId="adopt-weights" variant="secondary" onClick={onAdopt}>
          Use these weights
        </Button>
      )}
    </Flex>
  );
}
