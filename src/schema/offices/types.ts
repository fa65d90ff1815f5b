import { builder } from '../../builder.js';
import { servedCompanies } from '../../offices/clients.js';
import type { OfficeEvent } from '../../offices/feed.js';
import type { InboxEntry } from '../../offices/inbox.js';
import { CompanyRef } from '../companies/types.js';
import { ConnectConfigurationRef } from '../connect/types.js';
import { DocumentEventRef } from '../documents/types.js';

export const OfficeDocumentEventRef = builder.objectRef<OfficeEvent>('OfficeDocumentEvent').implement({
  description:
    "One event of one of the office's client companies. Each company's events come in its own sequence order; companies interleave.",
  fields: (t) => ({
    cursor: t.string({
      description:
        "The office's cursor once this event is processed: pass it as `after` to resume. Opaque; it grows with the number of companies (a few bytes each).",
      resolve: (e) => e.cursor(),
    }),
    company: t.field({
      type: CompanyRef,
      description: 'The client company the event belongs to.',
      resolve: (e) => e.company,
    }),
    event: t.field({
      type: DocumentEventRef,
      description: "The event as the company's own accounting program sees it (its `cursor` is that company's).",
      resolve: (e) => e.event,
    }),
  }),
});

export const OfficeClientRef = builder.objectRef<InboxEntry>('OfficeClient').implement({
  description: "A client company in the office's inbox.",
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (c) => c.company }),
    waitingCount: t.exposeInt('waiting', { description: 'Current documents not yet imported or rejected.' }),
    waitingSince: t.expose('waitingSince', {
      type: 'DateTime',
      nullable: true,
      description: 'When the longest-waiting of them was sent.',
    }),
    oldestWaitingIssueDate: t.field({
      type: 'Date',
      nullable: true,
      description: 'The earliest issue date among the waiting documents.',
      resolve: (c) => c.oldestWaitingIssueDate?.toISOString().slice(0, 10) ?? null,
    }),
    lastEventAt: t.expose('lastEventAt', { type: 'DateTime', nullable: true }),
    overdue: t.exposeBoolean('overdue', {
      description: "Documents have waited longer than the office's reminder time (false while reminders are off).",
    }),
  }),
});

builder.prismaObjectFields(ConnectConfigurationRef, (t) => ({
  reminderAfterHours: t.exposeInt('reminderAfterHours', {
    nullable: true,
    description: 'Office only: a daily digest lists clients whose documents waited longer than this; null: off.',
  }),
  clientCompanies: t.field({
    type: [CompanyRef],
    description:
      'Office only: the companies where its account is the receiving user with RECEIVE_DOCUMENTS now; empty otherwise.',
    select: { path: true, exchangeAccountId: true },
    resolve: (c, _args, ctx) =>
      c.path === 'OFFICE' && c.exchangeAccountId ? servedCompanies(ctx.db, c.exchangeAccountId) : [],
  }),
}));
