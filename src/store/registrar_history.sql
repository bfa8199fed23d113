-- A registrar's updates, for answering as it stood at a time
-- (store::history::registrar_as_of): the first update after the time holds
-- the registrar as it was before it.
CREATE INDEX journal_registrar ON journal(json_extract(outcome, '$.id'))
    WHERE command = 'registrar update';
