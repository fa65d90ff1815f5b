-- AlterEnum
ALTER TYPE "ConnectPath" ADD VALUE 'OFFICE';

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "cursorKey" SERIAL NOT NULL;

-- AlterTable
ALTER TABLE "ConnectConfiguration" ADD COLUMN     "lastReminderAt" TIMESTAMP(3),
ADD COLUMN     "reminderAfterHours" INTEGER,
ALTER COLUMN "companyNip" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "Company_cursorKey_key" ON "Company"("cursorKey");


-- An office's inbox counts, per client, the documents not yet imported and finds the oldest of them.
CREATE INDEX "Document_waiting_idx" ON "Document" ("companyId", "createdAt")
  WHERE state = 'CURRENT' AND status IN ('SENT', 'RECEIVED');
