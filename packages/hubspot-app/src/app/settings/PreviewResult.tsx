import {
  Alert,
  Flex,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@hubspot/ui-extensions';
import type { ConfigPreview } from './cx-config.ts';

/** The accounts whose health band a configuration would change (the preview's answer). */
export function PreviewResult({ preview }: { preview: ConfigPreview }) {
  if (preview.changes === 0) {
    return (
      <Alert title="No account changes band" variant="info">
        These settings keep every account in its current band.
      </Alert>
    );
  }
  return (
    <Flex direction="column" gap="extra-small">
      <Alert
        title={`${preview.changes} ${preview.changes === 1 ? 'account changes' : 'accounts change'} band`}
        variant="warning"
      >
        Review them before saving.
      </Alert>
      <Table bordered={false} density="condensed">
        <TableHead>
          <TableRow>
            <TableHeader>Account</TableHeader>
            <TableHeader>Now</TableHeader>
            <TableHeader>With these settings</TableHeader>
          </TableRow>
        </TableHead>
        <TableBody>
          {preview.accounts.map((a) => (
            <TableRow key={a.accountId}>
              <TableCell>{a.name ?? a.accountId}</TableCell>
              <TableCell>{a.from ? `${a.from.label} (${Math.round(a.from.score)})` : 'Not scored'}</TableCell>
              <TableCell>{a.to ? `${a.to.label} (${Math.round(a.to.score)})` : 'Not scored'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Flex>
  );
}
