import { sampleInvoice } from '../../packages/client/src/sample.js';

let documentCounter = 0;

/** A valid invoice from the company, with a number of its own: 2 × 100.00 at 23% plus 1 × 10.00 at 8%. */
export function invoice(sellerNip: string, overrides: Record<string, unknown> = {}) {
  documentCounter += 1;
  return { ...sampleInvoice(sellerNip, `FV/${documentCounter}/${Date.now()}`), ...overrides };
}
