import { describe, expect, it } from 'vitest';
import {
  OfficeClientsDocument,
  SetDocumentStatusDocument,
  UpdateOfficeRemindersDocument,
} from './generated/graphql.js';
import { officeWithClients, send, type Client } from './helpers/offices.js';
import { startTestServer } from './helpers/server.js';
import { sendDueDigests } from '../src/offices/reminders.js';

// Reminders are looked for every second here, so a due digest goes out while the test waits for it.
const server = await startTestServer({ REMINDER_CHECK_SECONDS: '1' });
const HOUR = 60 * 60 * 1000;
const DIGEST = /czekają na zaksięgowanie/;

describe("an office's inbox and reminders", () => {
  it('shows what waits per client and mails a digest of the clients waiting too long, at most once a day', async () => {
    const office = await officeWithClients(server, 3);
    const [a, b, idle] = office.clients as [Client, Client, Client];
    const imported = await send(server, a, 'inbox-a-1');
    const waitingOfA = await send(server, a, 'inbox-a-2');
    const waitingOfB = await send(server, b, 'inbox-b-1');
    await server.query(
      SetDocumentStatusDocument,
      { input: { documentId: imported.id, status: 'IMPORTED' } },
      office.token,
    );

    const inbox = async () => {
      const { officeClients } = await server.query(OfficeClientsDocument, {}, office.token);
      return new Map(officeClients.map((entry) => [entry.company.nip, entry]));
    };
    const before = await inbox();
    expect(before.get(a.nip)).toMatchObject({ waitingCount: 1, overdue: false, oldestWaitingIssueDate: '2026-11-20' });
    expect(before.get(b.nip)).toMatchObject({ waitingCount: 1, overdue: false });
    expect(before.get(idle.nip)).toMatchObject({ waitingCount: 0, waitingSince: null, lastEventAt: null });
    expect(before.get(a.nip)!.lastEventAt).not.toBeNull();
    expect([...before.keys()].at(-1)).toBe(idle.nip);

    // Off by default: nothing is mailed however long documents wait.
    server.advanceClock(3 * HOUR);
    expect(await sendDueDigests(server.app.services)).toBe(0);
    expect((await inbox()).get(a.nip)!.overdue).toBe(false);

    const { updateOfficeReminders } = await server.query(
      UpdateOfficeRemindersDocument,
      { input: { configurationId: office.configurationId, reminderAfterHours: 2 } },
      office.token,
    );
    expect(updateOfficeReminders).toMatchObject({ configuration: { reminderAfterHours: 2 } });
    const overdue = await inbox();
    expect([overdue.get(a.nip)!.overdue, overdue.get(b.nip)!.overdue, overdue.get(idle.nip)!.overdue]).toEqual([
      true,
      true,
      false,
    ]);

    const digest = await server.smtp.waitFor(office.email, DIGEST);
    expect(digest.subject).toBe('Konekt: dokumenty klientów (2) czekają na zaksięgowanie');
    expect(digest.text).toContain(`(NIP ${a.nip}): oczekujące dokumenty: 1`);
    expect(digest.text).toContain(`(NIP ${b.nip})`);
    expect(digest.text).not.toContain(idle.nip);

    // Not again the same day, whoever looks.
    expect(await sendDueDigests(server.app.services)).toBe(0);
    server.advanceClock(23 * HOUR);
    expect(await sendDueDigests(server.app.services)).toBe(0);
    expect(server.smtp.mailsTo(office.email).filter((mail) => DIGEST.test(mail.subject))).toHaveLength(1);

    // A day later, once more; then nothing once every document is imported.
    server.advanceClock(2 * HOUR);
    await waitUntil(() => server.smtp.mailsTo(office.email).filter((mail) => DIGEST.test(mail.subject)).length === 2);
    for (const document of [waitingOfA, waitingOfB]) {
      await server.query(
        SetDocumentStatusDocument,
        { input: { documentId: document.id, status: 'REJECTED', reason: 'Duplikat' } },
        office.token,
      );
    }
    expect([...(await inbox()).values()].map((entry) => entry.waitingCount)).toEqual([0, 0, 0]);
    server.advanceClock(25 * HOUR);
    expect(await sendDueDigests(server.app.services)).toBe(0);
    expect(server.smtp.mailsTo(office.email).filter((mail) => DIGEST.test(mail.subject))).toHaveLength(2);
  });
});

async function waitUntil(done: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
