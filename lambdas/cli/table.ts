import Table from 'cli-table3';

/** A plain table for people; cli-table3 measures CJK characters as two columns wide. */
export function renderTable(head: string[], rows: (string | number)[][], colWidths?: number[]): string {
  const table = new Table({ head, style: { head: [], border: [] }, wordWrap: true, ...(colWidths ? { colWidths, wrapOnWordBoundary: false } : {}) });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table.toString();
}
