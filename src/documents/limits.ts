const MiB = 1024 * 1024;

/**
 * One page of documents or events carries at most this much content (their JSON, and their files
 * when the answer asks for them), besides its count limit: a page of 1,000-line invoices stays a
 * few MiB instead of tens.
 */
export const MAX_PAGE_BYTES = 4 * MiB;

/** Room kept in a request for everything but the attachments: up to 1,000 lines and the parties. */
const DOCUMENT_ROOM = MiB;

/**
 * The bytes all attachments of one document may take: sent as base64 (4 characters for every 3
 * bytes) beside the rest of the document, they must fit in one request body, so the one limit
 * follows from the other.
 */
export function attachmentBytesPerDocument(maxBodyBytes: number): number {
  const room = Math.min(DOCUMENT_ROOM, Math.floor(maxBodyBytes / 2));
  return Math.floor(((maxBodyBytes - room) * 3) / 4);
}
