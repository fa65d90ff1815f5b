import type { Plan } from '../generated/prisma/enums.js';

export interface PlanInfo {
  code: Plan;
  name: string;
  /** Documents a company may send in one calendar month; unused ones are not carried over. */
  monthlyDocumentLimit: number;
  /** Bytes a company may keep: the content and attachments of every version it sent. */
  storageLimitBytes: number;
  monthlyPriceNet: string;
}

const MiB = 1024 * 1024;

export const PLANS: readonly PlanInfo[] = [
  { code: 'FREE', name: 'Free', monthlyDocumentLimit: 5, storageLimitBytes: 50 * MiB, monthlyPriceNet: '0.00' },
  {
    code: 'STANDARD',
    name: 'Standard',
    monthlyDocumentLimit: 200,
    storageLimitBytes: 5 * 1024 * MiB,
    monthlyPriceNet: '49.00',
  },
  {
    code: 'BUSINESS',
    name: 'Business',
    monthlyDocumentLimit: 5000,
    storageLimitBytes: 50 * 1024 * MiB,
    monthlyPriceNet: '199.00',
  },
];

export function planInfo(code: Plan): PlanInfo {
  return PLANS.find((plan) => plan.code === code)!;
}
