import { Table, TableBody, TableHead, TableHeader, TableRow } from '@hubspot/ui-extensions';
import type { ReactNode } from 'react';

/** A page's table: one header row of `headers`, then the rows given as children. */
export function DataTable({
  testId,
  headers,
  children,
}: {
  testId: string;
  headers: readonly string[];
  children: ReactNode;
}) {
  return (
    <Table testId={testId}>
      <TableHead>
        <TableRow>
          {headers.map((h) => (
            <TableHeader key={h}>{h}</TableHeader>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>{children}</TableBody>
    </Table>
  );
}
