import type { Plan } from '../generated/prisma/enums.js';

export interface PlanInfo {
  code: Plan;
  name: string;
  /** Documents a company may send in one calendar month; unused ones are not carried over. */
  monthlyDocumentLimit: number;
  monthlyPriceNet: string;
}

export const PLANS: readonly PlanInfo[] = [
  { code: 'FREE', name: 'Free', monthlyDocumentLimit: 5, monthlyPriceNet: '0.00' },
  { code: 'STANDARD', name: 'Standard', monthlyDocumentLimit: 200, monthlyPriceNet: '49.00' },
  { code: 'BUSINESS', name: 'Business', monthlyDocumentLimit: 5000, monthlyPriceNet: '199.00' },
];

export function planInfo(code: Plan): PlanInfo {
  return PLANS.find((plan) => plan.code === code)!;
}
