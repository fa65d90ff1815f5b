import { builder } from '../../builder.js';
import { ConfigurationStateError, ValidationError } from '../../errors.js';
import { actingAs } from '../../auth/viewer.js';
import { MAX_PAGE } from '../../documents/events.js';
import { followOffice, readOfficeEvents } from '../../offices/feed.js';
import { officeClients } from '../../offices/inbox.js';
import { REMINDER_HOURS, setOfficeReminders } from '../../offices/reminders.js';
import { ConnectConfigurationRef } from '../connect/types.js';
import { asksForContent } from '../documents/types.js';
import { OfficeClientRef, OfficeDocumentEventRef } from './types.js';

builder.queryField('officeDocumentEvents', (t) =>
  t.connection({
    type: OfficeDocumentEventRef,
    description:
      "Every event of every company the office serves now, after the office's cursor (none: from the beginning); `first` is capped at 500. Each company's events in its own order, each company getting a fair share of a page.",
    authScopes: { officeProgram: true },
    resolve: async (_root, args, ctx, info) => {
      const first = Math.min(Math.max(args.first ?? 100, 1), MAX_PAGE);
      const withContent = asksForContent(info);
      const page = await readOfficeEvents(ctx, actingAs(ctx.viewer, 'office'), args.after, first, withContent);
      return {
        edges: page.events.map((node) => ({
          node,
          get cursor() {
            return node.cursor();
          },
        })),
        pageInfo: {
          hasNextPage: page.hasMore,
          hasPreviousPage: Boolean(args.after),
          startCursor: page.events[0]?.cursor() ?? null,
          endCursor: page.endCursor,
        },
      };
    },
  }),
);

builder.subscriptionField('officeDocumentEvents', (t) =>
  t.field({
    type: OfficeDocumentEventRef,
    description:
      "Every event after the office's cursor across its clients (all of them when omitted), then new ones live, with no gap or duplicate. A company that adds the office joins at once with its backlog; one that removes it leaves at once.",
    args: { after: t.arg.string({ required: false }) },
    authScopes: { officeProgram: true },
    subscribe: (_root, args, ctx, info) =>
      followOffice(ctx, actingAs(ctx.viewer, 'office'), args.after, asksForContent(info)),
    resolve: (event) => event,
  }),
);

builder.queryField('officeClients', (t) =>
  t.field({
    type: [OfficeClientRef],
    description:
      "The office's inbox: every company it serves now with its documents waiting to be imported; the longest-waiting first.",
    authScopes: { officeProgram: true },
    resolve: (_root, _args, ctx) => officeClients(ctx, actingAs(ctx.viewer, 'office')),
  }),
);

const UpdateOfficeRemindersInput = builder.inputType('UpdateOfficeRemindersInput', {
  fields: (t) => ({
    configurationId: t.globalID({ for: ConnectConfigurationRef }),
    reminderAfterHours: t.int({
      required: false,
      description: `${REMINDER_HOURS.min} to ${REMINDER_HOURS.max}: mail a daily digest of clients whose documents waited longer; null: off (the default).`,
    }),
  }),
});

const UpdateOfficeRemindersPayload = builder.simpleObject('UpdateOfficeRemindersPayload', {
  fields: (t) => ({ configuration: t.field({ type: ConnectConfigurationRef }) }),
});

builder.mutationField('updateOfficeReminders', (t) =>
  t.field({
    description: "An office's reminders: at most one digest mail a day, to the office account.",
    type: UpdateOfficeRemindersPayload,
    args: { input: t.arg({ type: UpdateOfficeRemindersInput }) },
    authScopes: (_root, { input }) => ({ configuration: { id: input.configurationId.id, via: ['office', 'account'] } }),
    errors: { types: [ValidationError, ConfigurationStateError] },
    resolve: async (_root, { input }, ctx) => {
      const configuration = await ctx.db.connectConfiguration.findUniqueOrThrow({
        where: { id: input.configurationId.id },
      });
      return {
        configuration: await setOfficeReminders(ctx, configuration, input.reminderAfterHours ?? null),
      };
    },
  }),
);
