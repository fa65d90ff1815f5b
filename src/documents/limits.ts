const MiB = 1024 * 1024;

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
