-- CreateEnum
CREATE TYPE "InvitationStatus" AS ENUM ('PENDING', 'ACCEPTED', 'DECLINED', 'REVOKED');

-- CreateEnum
CREATE TYPE "MailStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- AlterEnum: a finished configuration now waits for its exchange user to accept (activating a new account accepts)
CREATE TYPE "ConnectStatus_new" AS ENUM ('DRAFT', 'ABANDONED', 'CANCELLED', 'AWAITING_ACCEPTANCE', 'AWAITING_PASSWORD', 'ACTIVE', 'DELETED');
ALTER TABLE "ConnectConfiguration" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ConnectConfiguration" ALTER COLUMN "status" TYPE "ConnectStatus_new" USING ((CASE "status"::text WHEN 'AWAITING_ACTIVATION' THEN 'AWAITING_ACCEPTANCE' ELSE "status"::text END)::"ConnectStatus_new");
ALTER TYPE "ConnectStatus" RENAME TO "ConnectStatus_old";
ALTER TYPE "ConnectStatus_new" RENAME TO "ConnectStatus";
DROP TYPE "ConnectStatus_old";
ALTER TABLE "ConnectConfiguration" ALTER COLUMN "status" SET DEFAULT 'DRAFT';

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "activationTokenId" UUID,
ADD COLUMN     "declinedAt" TIMESTAMP(3),
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "mailId" UUID,
ADD COLUMN     "revokedAt" TIMESTAMP(3),
ADD COLUMN     "status" "InvitationStatus" NOT NULL DEFAULT 'PENDING';

-- Every earlier invitation made its account a member at once: it counts as accepted.
UPDATE "Invitation" SET "status" = 'ACCEPTED', "acceptedAt" = COALESCE("acceptedAt", "createdAt");

-- CreateTable
CREATE TABLE "OutboxMail" (
    "id" UUID NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT,
    "text" TEXT,
    "html" TEXT,
    "link" TEXT,
    "status" "MailStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailQuota" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MailQuota_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "OutboxMail_status_nextAttemptAt_idx" ON "OutboxMail"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "MailQuota_expiresAt_idx" ON "MailQuota"("expiresAt");

-- CreateIndex
CREATE INDEX "Invitation_accountId_status_idx" ON "Invitation"("accountId", "status");

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_activationTokenId_fkey" FOREIGN KEY ("activationTokenId") REFERENCES "AuthToken"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_mailId_fkey" FOREIGN KEY ("mailId") REFERENCES "OutboxMail"("id") ON DELETE SET NULL ON UPDATE CASCADE;

