import {
  DocumentsDocument,
  KonektClient,
  SetDocumentStatusDocument,
  type DocumentsQuery,
} from '../../packages/client/src/index.js';
import type { CliText } from '../i18n/cli/index.js';

/** Rows as a plain aligned table, widest cell per column. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** `konekt documents`: the company's documents (an office's: one client's) with their statuses, newest first. */
export async function listDocuments(
  client: KonektClient,
  limit: number,
  text: CliText,
  companyId?: string,
): Promise<string> {
  const rows: string[][] = [];
  let after: string | null = null;
  while (rows.length < limit) {
    const { documents }: DocumentsQuery = await client.request(DocumentsDocument, {
      first: Math.min(100, limit - rows.length),
      after,
      companyId,
    });
    for (const { node } of documents.edges) {
      rows.push([
        node.number,
        node.type,
        `v${node.version}`,
        node.status,
        node.state === 'CURRENT' ? '' : node.state,
        node.issueDate,
        node.buyer.name,
        `${node.totals.grossAmount} ${node.currency}`,
        node.statusReason ?? '',
        node.id,
      ]);
    }
    if (!documents.pageInfo.hasNextPage) break;
    after = documents.pageInfo.endCursor ?? null;
  }
  if (rows.length === 0) return text.documents.empty;
  return table(text.documents.header, rows);
}

/** `konekt status ID imported|rejected`: the accounting side marks a document. */
export async function markDocument(client: KonektClient, id: string, status: 'IMPORTED' | 'REJECTED', reason?: string) {
  const { setDocumentStatus: result } = await client.request(SetDocumentStatusDocument, {
    input: { documentId: id, status, reason },
  });
  if (result.__typename !== 'DocumentPayload') throw new Error(`${result.code}: ${result.message}`);
  return result.document;
}
