ALTER TABLE "Document" ADD COLUMN "contentBytes" INTEGER NOT NULL GENERATED ALWAYS AS (octet_length(content::TEXT)) STORED;
ALTER TABLE "DocumentVersion" ADD COLUMN "contentBytes" INTEGER NOT NULL GENERATED ALWAYS AS (octet_length(content::TEXT)) STORED;
