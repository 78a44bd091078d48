-- greencard schema version 6: find talents by their cards (number, state) quickly.
CREATE INDEX cards_talent ON cards(talent_id, status);
