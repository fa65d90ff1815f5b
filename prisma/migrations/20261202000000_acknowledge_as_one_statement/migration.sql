-- acknowledgeDocuments is all or nothing: one statement checks that every id is a document of the
-- company, then moves each SENT one to RECEIVED with its event, in the order given. Any failure
-- rolls the whole statement back, so no document of the batch is changed without the others.
CREATE FUNCTION konekt_acknowledge_documents(p_company_id UUID, p_document_ids UUID[], p_now TIMESTAMP(3))
RETURNS TABLE (missing INTEGER, last_sequence INTEGER) LANGUAGE plpgsql AS $$
DECLARE
  v_missing INTEGER;
  v_id UUID;
  v_version INTEGER;
  v_sequence INTEGER;
BEGIN
  PERFORM 1 FROM "Company" WHERE id = p_company_id FOR UPDATE;
  SELECT count(*) INTO v_missing FROM unnest(p_document_ids) AS i(id)
    WHERE NOT EXISTS (SELECT 1 FROM "Document" d WHERE d.id = i.id AND d."companyId" = p_company_id);
  IF v_missing > 0 THEN
    RETURN QUERY SELECT v_missing, NULL::INTEGER;
    RETURN;
  END IF;
  FOR v_id IN SELECT i.id FROM unnest(p_document_ids) WITH ORDINALITY AS i(id, n)
      GROUP BY i.id ORDER BY min(i.n) LOOP
    UPDATE "Document" d SET status = 'RECEIVED', "statusReason" = NULL, "updatedAt" = p_now
      WHERE d.id = v_id AND d.status = 'SENT'
      RETURNING d.version INTO v_version;
    IF FOUND THEN
      v_sequence := konekt_next_event(p_company_id, v_id, 'STATUS_CHANGED', v_version, 'RECEIVED', p_now);
    END IF;
  END LOOP;
  RETURN QUERY SELECT 0, v_sequence;
END;
$$;
