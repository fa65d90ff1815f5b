import { builder } from '../builder.js';

export const WarningRef = builder.simpleObject('Warning', {
  description: 'Allowed, but not recommended; the change was made.',
  fields: (t) => ({ code: t.string(), message: t.string() }),
});
