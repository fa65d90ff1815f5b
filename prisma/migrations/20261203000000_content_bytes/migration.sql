-- The bytes of each content, counted once when it is written: pages of documents and events are
-- bounded by them, and converting every row's jsonb to text on each read was much of a page's cost.
ALTER TABLE "Document" ADD COLUMN "contentBytes" INTEGER NOT NULL GENERATED ALWAYS AS (octet_length(content::TEXT)) STORED;
ALTER TABLE "DocumentVersion" ADD COLUMN "contentBytes" INTEGER NOT NULL GENERATED ALWAYS AS (octet_length(content::TEXT)) STORED;
