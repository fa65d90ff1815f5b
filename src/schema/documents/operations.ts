import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../builder.js';
import {
  DocumentStateError,
  DocumentTypeNotAllowedError,
  IdempotencyConflictError,
  InvalidKsefNumberError,
  InvalidNipError,
  KsefForbiddenDeclarationError,
  KsefMalformedError,
  KsefNamespaceError,
  KsefSchemaError,
  KsefTooLargeError,
  NipMismatchError,
  QuotaExceededError,
  StorageExceededError,
  TotalsMismatchError,
  ValidationError,
} from '../../errors.js';
import { CompanyRef } from '../companies/types.js';
import { actingAs, type Viewer } from '../../auth/viewer.js';
import type { Context } from '../../context.js';
import { sideOf } from '../../connect/programs.js';
import { ConnectConfigurationRef } from '../connect/types.js';
import { eventCursor, followEvents, MAX_PAGE, parseCursor, refuseCursorAhead } from '../../documents/events.js';
import { MAX_PAGE_BYTES } from '../../documents/limits.js';
import { readEvents } from '../../documents/rows.js';
import { asksFor } from '../selection.js';
import { documentsCompany, listDocuments, pendingFor } from '../../documents/listing.js';
import { cancelDocument, MAX_BATCH, deleteDocument, sendDocument } from '../../documents/service.js';
import { acknowledgeAs, removeFromQueueAs, setDocumentStatusAs } from '../../offices/acting.js';
import { officeDocuments } from '../../offices/inbox.js';
import { servedCompanyIds } from '../../offices/clients.js';
import { SendDocumentInput } from './inputs.js';
import { asksForContent, DocumentEventRef, DocumentRef, DocumentStatusEnum, DocumentTypeEnum } from './types.js';

const SendOutcomeEnum = builder.enumType('SendOutcome', {
  description:
    'CREATED: a new document. NEW_VERSION: the number was known, this is its modified version. REPLAY: this key was sent before with this content. DUPLICATE: this exact content was already the current version.',
  values: ['CREATED', 'NEW_VERSION', 'REPLAY', 'DUPLICATE'] as const,
});

const SendDocumentPayload = builder.simpleObject('SendDocumentPayload', {
  fields: (t) => ({
    outcome: t.field({ type: SendOutcomeEnum }),
    document: t.field({ type: DocumentRef }),
  }),
});

builder.mutationField('sendDocument', (t) =>
  t.field({
    description:
      'A sales program sends a document, as JSON fields or as an FA(3) invoice (program token). Nothing is stored when it is refused.',
    type: SendDocumentPayload,
    args: { input: t.arg({ type: SendDocumentInput }) },
    authScopes: { salesProgram: true },
    errors: {
      types: [
        ValidationError,
        InvalidNipError,
        NipMismatchError,
        TotalsMismatchError,
        DocumentTypeNotAllowedError,
        QuotaExceededError,
        StorageExceededError,
        IdempotencyConflictError,
        KsefTooLargeError,
        KsefMalformedError,
        KsefForbiddenDeclarationError,
        KsefNamespaceError,
        KsefSchemaError,
        InvalidKsefNumberError,
      ],
    },
    resolve: (_root, { input }, ctx) => sendDocument(ctx, actingAs(ctx.viewer, 'program'), input.idempotencyKey, input),
  }),
);

const DocumentPayload = builder.simpleObject('DocumentPayload', {
  fields: (t) => ({ document: t.field({ type: DocumentRef }) }),
});

/** The accounting side of a company's documents: its own accounting program, or an office serving it. */
const ACCOUNTING_SIDE = { $any: { accountingProgram: true, officeProgram: true } } as const;

function documentMutation(
  name: string,
  description: string,
  side: { salesProgram: true } | typeof ACCOUNTING_SIDE,
  run: (ctx: Context, viewer: Viewer, documentId: string) => Promise<unknown>,
) {
  builder.mutationField(name, (t) =>
    t.field({
      description,
      type: DocumentPayload,
      args: { id: t.arg.globalID({ for: DocumentRef }) },
      authScopes: (_root, { id }) => ({ $all: { ...side, documents: [id.id] } }),
      errors: { types: [DocumentStateError] },
      resolve: async (_root, { id }, ctx) => {
        await run(ctx, ctx.viewer, id.id);
        return { document: await ctx.db.document.findUniqueOrThrow({ where: { id: id.id } }) };
      },
    }),
  );
}

documentMutation(
  'cancelDocument',
  'The sales program cancelled the document; the accounting side is told.',
  { salesProgram: true },
  (ctx, viewer, id) => cancelDocument(ctx, actingAs(viewer, 'program'), id),
);
documentMutation(
  'deleteDocument',
  'The sales program deleted the document; the accounting side is told. It stays on record.',
  { salesProgram: true },
  (ctx, viewer, id) => deleteDocument(ctx, actingAs(viewer, 'program'), id),
);
documentMutation(
  'removeDocumentFromQueue',
  'The accounting program (or an office serving the company) drops a cancelled or deleted document from its queue.',
  ACCOUNTING_SIDE,
  (ctx, viewer, id) => removeFromQueueAs(ctx, actingAs(viewer, 'program', 'office'), id),
);

const AcknowledgeDocumentsPayload = builder.simpleObject('AcknowledgeDocumentsPayload', {
  fields: (t) => ({ documents: t.field({ type: [DocumentRef] }) }),
});

builder.mutationField('acknowledgeDocuments', (t) =>
  t.field({
    description:
      'The accounting program has the documents: SENT becomes RECEIVED ("odebrany przez program księgowy"); documents past SENT are left as they are, so repeating it is harmless. All or nothing: every id must be a document of your company (at most 1000), and either every one is acknowledged, in the order given, or nothing changes. An office may acknowledge documents of several clients at once (all or nothing per client).',
    type: AcknowledgeDocumentsPayload,
    args: { ids: t.arg.globalIDList({ for: DocumentRef }) },
    authScopes: (_root, { ids }) => ({
      $all: { ...ACCOUNTING_SIDE, documents: ids.slice(0, MAX_BATCH + 1).map((id) => id.id) },
    }),
    errors: { types: [ValidationError, DocumentStateError] },
    resolve: async (_root, { ids }, ctx) => {
      const plain = ids.map((id) => id.id);
      await acknowledgeAs(ctx, actingAs(ctx.viewer, 'program', 'office'), plain);
      const documents = await ctx.db.document.findMany({ where: { id: { in: plain } } });
      return { documents: plain.map((id) => documents.find((d) => d.id === id)!) };
    },
  }),
);

const ImportStatusEnum = builder.enumType('ImportStatus', { values: ['IMPORTED', 'REJECTED'] as const });

const SetDocumentStatusInput = builder.inputType('SetDocumentStatusInput', {
  fields: (t) => ({
    documentId: t.globalID({ for: DocumentRef }),
    status: t.field({ type: ImportStatusEnum }),
    reason: t.string({ required: false, description: 'Required when rejecting.' }),
  }),
});

builder.mutationField('setDocumentStatus', (t) =>
  t.field({
    description:
      'The accounting program (or an office serving the company) imported (zaksięgowany) or rejected (odrzucony) the document.',
    type: DocumentPayload,
    args: { input: t.arg({ type: SetDocumentStatusInput }) },
    authScopes: (_root, { input }) => ({ $all: { ...ACCOUNTING_SIDE, documents: [input.documentId.id] } }),
    errors: { types: [ValidationError, DocumentStateError] },
    resolve: async (_root, { input }, ctx) => {
      const viewer = actingAs(ctx.viewer, 'program', 'office');
      await setDocumentStatusAs(ctx, viewer, input.documentId.id, input.status, input.reason);
      return { document: await ctx.db.document.findUniqueOrThrow({ where: { id: input.documentId.id } }) };
    },
  }),
);

builder.queryField('documentEvents', (t) =>
  t.connection({
    type: DocumentEventRef,
    description:
      "The company's events after a cursor, oldest first (program token of either side). A page holds at most `first` events (500 at most) and about 4 MiB: events are added while the content of those before stays under 4 MiB (their attachments count too when `contentBase64` is asked for), so a page has at least one event and `hasNextPage` says whether more follow.",
    authScopes: { program: true },
    resolve: async (_root, args, ctx, info) => {
      const viewer = actingAs(ctx.viewer, 'program');
      const first = Math.min(Math.max(args.first ?? 100, 1), MAX_PAGE);
      const after = parseCursor(args.after);
      const withFiles = asksFor(info, 'contentBase64');
      const { items: page, hasMore } = await readEvents(
        ctx.sql,
        viewer.companyId,
        after,
        { first, maxBytes: MAX_PAGE_BYTES, withFiles },
        asksForContent(info),
      );
      if (page.length === 0) await refuseCursorAhead(ctx, viewer.companyId, after);
      return {
        edges: page.map((node) => ({ cursor: eventCursor(node.sequence), node })),
        pageInfo: {
          hasNextPage: hasMore,
          hasPreviousPage: after > 0,
          startCursor: page[0] ? eventCursor(page[0].sequence) : null,
          endCursor: page.length ? eventCursor(page[page.length - 1]!.sequence) : (args.after ?? null),
        },
      };
    },
  }),
);

builder.subscriptionField('documentEvents', (t) =>
  t.field({
    type: DocumentEventRef,
    description:
      "Every event after `after` (all of them when omitted), then new ones live, with no gap or duplicate. One event a message; the replay reads the log in pages bounded like the query's.",
    args: { after: t.arg.string({ required: false }) },
    authScopes: { program: true },
    subscribe: async (_root, args, ctx, info) => {
      const { companyId } = actingAs(ctx.viewer, 'program');
      const after = parseCursor(args.after);
      await refuseCursorAhead(ctx, companyId, after);
      return followEvents(ctx, companyId, after, asksForContent(info));
    },
    resolve: (event) => event,
  }),
);

/** What the documents of a page must carry for the fields asked for under its `node`s. */
const documentsAsked = (info: GraphQLResolveInfo) => ({
  withContent: asksForContent(info, 'node'),
  withFiles: asksFor(info, 'contentBase64'),
});

const DocumentFilterInput = builder.inputType('DocumentFilter', {
  fields: (t) => ({
    status: t.field({ type: DocumentStatusEnum, required: false }),
    type: t.field({ type: DocumentTypeEnum, required: false }),
    dateFrom: t.field({ type: 'Date', required: false, description: 'Issue date from (inclusive).' }),
    dateTo: t.field({ type: 'Date', required: false, description: 'Issue date to (inclusive).' }),
    search: t.string({ required: false, description: 'Part of the number, the buyer name or the buyer NIP.' }),
  }),
});

builder.queryField('documents', (t) =>
  t.connection({
    type: DocumentRef,
    description:
      "The company's documents, newest first. A page holds at most `first` documents (100 at most) and about 4 MiB: documents are added while the content of those before stays under 4 MiB (their attachments count too when `contentBase64` is asked for); `hasNextPage` says whether more follow. Programs see their company; an account passes companyId when it has several; an office sees all its clients' documents, or one client's with companyId.",
    args: {
      filter: t.arg({ type: DocumentFilterInput, required: false }),
      companyId: t.arg.globalID({ for: CompanyRef, required: false }),
    },
    authScopes: (_root, { companyId }) =>
      companyId
        ? {
            ownCompany: companyId.id,
            officeClient: companyId.id,
            companyPermission: { companyId: companyId.id, permission: 'VIEW_DOCUMENTS' },
          }
        : { program: true, officeProgram: true, account: true },
    resolve: async (_root, args, ctx, info) =>
      ctx.viewer.kind === 'office'
        ? officeDocuments(ctx, ctx.viewer, args.companyId?.id, args, documentsAsked(info))
        : listDocuments(ctx, await documentsCompany(ctx, args.companyId?.id), args, documentsAsked(info)),
  }),
);

builder.prismaObjectField(ConnectConfigurationRef, 'documents', (t) =>
  t.connection({
    type: DocumentRef,
    description:
      '"Pokaż dokumenty": the documents on the exchange for this configuration\'s company, in pages bounded like `documents`.',
    args: { filter: t.arg({ type: DocumentFilterInput, required: false }) },
    select: { id: true, companyId: true, path: true, exchangeAccountId: true },
    // The configuration itself was reached through its own rule; its documents need the program or the owner.
    authScopes: (configuration) => ({ configuration: { id: configuration.id, via: ['program', 'office', 'account'] } }),
    resolve: async (configuration, args, ctx, info) => {
      if (configuration.path === 'OFFICE' && configuration.exchangeAccountId) {
        const clients = await servedCompanyIds(ctx.db, configuration.exchangeAccountId);
        return listDocuments(ctx, clients, args, documentsAsked(info));
      }
      if (!configuration.companyId) {
        // A draft that never reached a company has nothing to show.
        return {
          edges: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        };
      }
      return listDocuments(ctx, configuration.companyId, args, documentsAsked(info));
    },
  }),
);

const SyncStatusRef = builder.simpleObject('SyncStatus', {
  fields: (t) => ({
    side: t.string({ description: 'SALES or ACCOUNTING' }),
    pendingCount: t.int({
      description:
        'Accounting: documents to receive, or cancelled/deleted ones still in the queue. Sales: documents not yet imported or rejected.',
    }),
    oldestPendingCursor: t.string({
      nullable: true,
      description: 'Replay documentEvents from here to see every pending document.',
    }),
    lastCursor: t.string({ description: "The cursor of the company's newest event." }),
    sent: t.int(),
    received: t.int(),
    imported: t.int(),
    rejected: t.int(),
  }),
});

builder.mutationField('synchronize', (t) =>
  t.field({
    description: '"Synchronizuj dane": what is pending for this configuration\'s side right now.',
    type: SyncStatusRef,
    args: { configurationId: t.arg.globalID({ for: ConnectConfigurationRef }) },
    authScopes: (_root, args) => ({
      configuration: { id: args.configurationId.id, via: ['program', 'account'] },
    }),
    errors: { types: [ValidationError] },
    resolve: async (_root, args, ctx) => {
      const configuration = await ctx.db.connectConfiguration.findUniqueOrThrow({
        where: { id: args.configurationId.id },
      });
      if (configuration.path === 'OFFICE') {
        throw new ValidationError('configurationId', (m) => m.offices.synchronizeInInbox);
      }
      if (configuration.status !== 'ACTIVE' || !configuration.companyId) {
        const { status } = configuration;
        throw new ValidationError('configurationId', (m) => m.validation.onlyActiveSynchronises(status));
      }
      return pendingFor(ctx, configuration.companyId, sideOf(configuration.program));
    },
  }),
);
