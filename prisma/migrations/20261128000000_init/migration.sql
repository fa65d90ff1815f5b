-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccountStatus" AS ENUM ('PENDING', 'ACTIVE', 'DISABLED');

-- CreateEnum
CREATE TYPE "Locale" AS ENUM ('PL', 'EN');

-- CreateEnum
CREATE TYPE "Plan" AS ENUM ('FREE', 'STANDARD', 'BUSINESS');

-- CreateEnum
CREATE TYPE "MemberRole" AS ENUM ('OWNER', 'SENDER', 'RECEIVER');

-- CreateEnum
CREATE TYPE "AuthTokenKind" AS ENUM ('ACTIVATION', 'PASSWORD_RESET', 'SESSION', 'WIZARD', 'PROGRAM');

-- CreateEnum
CREATE TYPE "ProgramKind" AS ENUM ('FAKTURA_START', 'HANDEL_START', 'HANDEL', 'HANDEL_MAGAZYN', 'MALA_KSIEGOWOSC_START', 'FINANSE_KSIEGOWOSC');

-- CreateEnum
CREATE TYPE "ConnectPath" AS ENUM ('OWNER', 'INVITED');

-- CreateEnum
CREATE TYPE "ConnectStatus" AS ENUM ('DRAFT', 'ABANDONED', 'CANCELLED', 'AWAITING_ACTIVATION', 'AWAITING_PASSWORD', 'ACTIVE', 'DELETED');

-- CreateEnum
CREATE TYPE "WizardStep" AS ENUM ('SIGN_IN', 'NO_ACCOUNT', 'PARTICIPANTS', 'SUMMARY', 'DONE');

-- CreateEnum
CREATE TYPE "Permission" AS ENUM ('SEND_DOCUMENTS', 'RECEIVE_DOCUMENTS', 'VIEW_DOCUMENTS', 'MANAGE_CONFIGURATIONS', 'MANAGE_MEMBERS', 'MANAGE_PLAN');

-- CreateEnum
CREATE TYPE "DocumentType" AS ENUM ('INVOICE', 'CORRECTION', 'ADVANCE_INVOICE', 'PROFORMA', 'RECEIPT', 'WAREHOUSE_RELEASE', 'WAREHOUSE_RECEIPT');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('SENT', 'RECEIVED', 'IMPORTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "DocumentState" AS ENUM ('CURRENT', 'CANCELLED', 'DELETED');

-- CreateEnum
CREATE TYPE "DocumentEventKind" AS ENUM ('SENT', 'NEW_VERSION', 'CANCELLED', 'DELETED', 'STATUS_CHANGED');

-- CreateTable
CREATE TABLE "Account" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "passwordHash" TEXT,
    "status" "AccountStatus" NOT NULL DEFAULT 'PENDING',
    "locale" "Locale" NOT NULL DEFAULT 'PL',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Company" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "nip" TEXT NOT NULL,
    "plan" "Plan" NOT NULL DEFAULT 'FREE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastEventSequence" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Company_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "role" "MemberRole" NOT NULL,
    "permissions" "Permission"[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "invitedById" UUID,
    "role" "MemberRole" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuthToken" (
    "id" UUID NOT NULL,
    "kind" "AuthTokenKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "accountId" UUID,
    "configurationId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "AuthToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectConfiguration" (
    "id" UUID NOT NULL,
    "program" "ProgramKind" NOT NULL,
    "path" "ConnectPath" NOT NULL,
    "companyNip" TEXT NOT NULL,
    "companyId" UUID,
    "status" "ConnectStatus" NOT NULL DEFAULT 'DRAFT',
    "currentStep" "WizardStep" NOT NULL DEFAULT 'SIGN_IN',
    "ownerAccountId" UUID,
    "exchangeAccountId" UUID,
    "senderEmail" TEXT,
    "receiverEmail" TEXT,
    "syncIntervalMinutes" INTEGER NOT NULL DEFAULT 15,
    "draftExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "deletedAt" TIMESTAMP(3),

    CONSTRAINT "ConnectConfiguration_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "configurationId" UUID,
    "number" TEXT NOT NULL,
    "type" "DocumentType" NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "status" "DocumentStatus" NOT NULL DEFAULT 'SENT',
    "state" "DocumentState" NOT NULL DEFAULT 'CURRENT',
    "statusReason" TEXT,
    "issueDate" DATE NOT NULL,
    "buyerName" TEXT NOT NULL,
    "buyerNip" TEXT,
    "grossAmount" DECIMAL(18,2) NOT NULL,
    "currency" TEXT NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "removedFromQueueAt" TIMESTAMP(3),

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentVersion" (
    "documentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentVersion_pkey" PRIMARY KEY ("documentId","version")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "documentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentEvent" (
    "id" UUID NOT NULL,
    "companyId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "DocumentEventKind" NOT NULL,
    "documentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "DocumentStatus" NOT NULL,
    "occurredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DocumentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendRequest" (
    "companyId" UUID NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "documentId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendRequest_pkey" PRIMARY KEY ("companyId","idempotencyKey")
);

-- CreateIndex
CREATE UNIQUE INDEX "Account_email_key" ON "Account"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Company_nip_key" ON "Company"("nip");

-- CreateIndex
CREATE INDEX "Membership_accountId_idx" ON "Membership"("accountId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_companyId_accountId_role_key" ON "Membership"("companyId", "accountId", "role");

-- CreateIndex
CREATE INDEX "Invitation_companyId_idx" ON "Invitation"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "AuthToken_tokenHash_key" ON "AuthToken"("tokenHash");

-- CreateIndex
CREATE INDEX "AuthToken_accountId_kind_idx" ON "AuthToken"("accountId", "kind");

-- CreateIndex
CREATE INDEX "AuthToken_configurationId_idx" ON "AuthToken"("configurationId");

-- CreateIndex
CREATE INDEX "ConnectConfiguration_companyId_idx" ON "ConnectConfiguration"("companyId");

-- CreateIndex
CREATE INDEX "Document_companyId_createdAt_id_idx" ON "Document"("companyId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Document_companyId_issueDate_idx" ON "Document"("companyId", "issueDate");

-- CreateIndex
CREATE UNIQUE INDEX "Document_companyId_number_key" ON "Document"("companyId", "number");

-- CreateIndex
CREATE INDEX "Attachment_documentId_version_idx" ON "Attachment"("documentId", "version");

-- CreateIndex
CREATE INDEX "DocumentEvent_companyId_kind_occurredAt_idx" ON "DocumentEvent"("companyId", "kind", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DocumentEvent_companyId_sequence_key" ON "DocumentEvent"("companyId", "sequence");

-- CreateIndex
CREATE INDEX "SendRequest_companyId_createdAt_idx" ON "SendRequest"("companyId", "createdAt");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthToken" ADD CONSTRAINT "AuthToken_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuthToken" ADD CONSTRAINT "AuthToken_configurationId_fkey" FOREIGN KEY ("configurationId") REFERENCES "ConnectConfiguration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectConfiguration" ADD CONSTRAINT "ConnectConfiguration_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectConfiguration" ADD CONSTRAINT "ConnectConfiguration_ownerAccountId_fkey" FOREIGN KEY ("ownerAccountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectConfiguration" ADD CONSTRAINT "ConnectConfiguration_exchangeAccountId_fkey" FOREIGN KEY ("exchangeAccountId") REFERENCES "Account"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_configurationId_fkey" FOREIGN KEY ("configurationId") REFERENCES "ConnectConfiguration"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentVersion" ADD CONSTRAINT "DocumentVersion_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentEvent" ADD CONSTRAINT "DocumentEvent_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DocumentEvent" ADD CONSTRAINT "DocumentEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SendRequest" ADD CONSTRAINT "SendRequest_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

