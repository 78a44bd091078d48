-- greencard schema version 5: the talent search index.
-- The index is filled by Rust (src/store/search_index.rs): pinyin needs a dictionary that
-- SQL does not have. Every table here can be rebuilt from `talents`.

-- Merged talents (talents.merged_into, schema version 2) leave search and lists. Few are:
-- the index holds only them.
CREATE INDEX talents_merged_into ON talents(merged_into) WHERE merged_into IS NOT NULL;

-- The name as indexed: trimmed, full-width folded, lower case. Search compares text
-- with this column, and re-indexing reads it to know which grams to remove.
ALTER TABLE talents ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
-- The pinyin initials of the name, each preceded by a space (' dw sw'), so that
-- instr(search_initials, ' ' || text) tells whether some reading starts with text.
ALTER TABLE talents ADD COLUMN search_initials TEXT NOT NULL DEFAULT '';

-- Every distinct pair of adjacent characters of search_name followed by a space (张伟 gives
-- '张伟' and '伟 '): a fragment of two characters is one lookup, one character is the
-- range of pairs starting with it, a longer one is checked against search_name.
CREATE TABLE talent_name_grams (
    gram      TEXT NOT NULL,
    talent_id INTEGER NOT NULL,
    PRIMARY KEY (gram, talent_id)
) WITHOUT ROWID;

-- Prefixes of two and three letters of each reading in search_initials. A single letter
-- would match a fifth of all talents, where walking the table is as fast.
CREATE TABLE talent_initials (
    prefix    TEXT NOT NULL,
    talent_id INTEGER NOT NULL,
    PRIMARY KEY (prefix, talent_id)
) WITHOUT ROWID;

-- Fragments of one or two characters of the document number that contain a character
-- other than a digit ('X', '7X', 'E1'). Digit-only short fragments are so common that
-- walking the table finds the first page sooner than an index would.
CREATE TABLE talent_doc_grams (
    gram      TEXT NOT NULL,
    talent_id INTEGER NOT NULL,
    PRIMARY KEY (gram, talent_id)
) WITHOUT ROWID;
CREATE INDEX talent_doc_grams_talent ON talent_doc_grams(talent_id);

-- Trigrams of document numbers (rowid = talents.id) for fragments of three characters or
-- more. Without content or positions it is a third of the size and builds twice as fast;
-- it finds candidates (all trigrams present) that the query then checks.
CREATE VIRTUAL TABLE talent_docs USING fts5(
    doc_number,
    tokenize = 'trigram case_sensitive 1',
    content = '',
    contentless_delete = 1,
    detail = none
);
-- Collect up to 16 MiB of new entries in memory before writing a segment (the default,
-- 1 MiB, makes a bulk load write and merge hundreds of small segments).
INSERT INTO talent_docs (talent_docs, rank) VALUES ('hashsize', 16777216);
