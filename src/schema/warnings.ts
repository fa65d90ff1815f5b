import { builder } from '../builder.js';
import type { Warning } from '../errors.js';
import { messages } from '../i18n/index.js';

export const WarningRef = builder.objectRef<Warning>('Warning').implement({
  description: 'Allowed, but not recommended; the change was made.',
  fields: (t) => ({
    code: t.exposeString('code'),
    message: t.string({ resolve: (warning, _args, ctx) => warning.describe(messages(ctx.lang)) }),
  }),
});
