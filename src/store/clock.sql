-- The rules at every instant: a pending removal's period runs from the
-- sending of its notice (Art. 21.2, 22.2), so it records when it was asked
-- for and has no effective time until the notice is sent; registrars have
-- a published address (Art. 30.2); contacts may carry the IBAN that the
-- refunds of Art. 20 are paid to (Art. 29.2.g), and a refund records it.
ALTER TABLE domain ADD COLUMN pending_requested TEXT;
ALTER TABLE registrar ADD COLUMN address TEXT;
ALTER TABLE contact ADD COLUMN iban TEXT;
ALTER TABLE ledger ADD COLUMN iban TEXT;
-- The removals awaiting their notice, listed by every sweep.
CREATE INDEX domain_awaiting_notice ON domain(name)
    WHERE pending_by IS NOT NULL AND pending_effective IS NULL;
