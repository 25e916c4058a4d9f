-- The timebank (issue 18, docs/timebank.md): members (people and
-- organisations) give and receive time, counted in minutes on a
-- double-entry ledger.
--
-- Sign convention: an entry's minutes are credited to its account when
-- positive. A transfer for an exchange is two entries: the giver's account
-- +minutes, the receiver's -minutes; a balance is the sum of an account's
-- entries (positive: time in hand). Every transfer's entries sum to zero,
-- so the whole ledger does too (`supportnet timebank verify`).
--
-- tb_transfers and tb_entries are append-only (the triggers at the end): a
-- mistake is put right by a new transfer that reverses it (reverses_id),
-- never by changing or deleting rows.

-- This installation's bank: its code names it to partner banks.
CREATE TABLE tb_bank (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO tb_bank (id, code, name, updated_at) VALUES (1, 'SN', 'SupportNet timebank', '2026-12-01T00:00:00Z');

-- The kinds of help, as data.
CREATE TABLE tb_categories (
  id BIGINT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  position INTEGER NOT NULL
);
INSERT INTO tb_categories (id, key, label, position) VALUES
  (1, 'gardening', 'Gardening', 1),
  (2, 'lifts', 'Lifts', 2),
  (3, 'shopping', 'Shopping and errands', 3),
  (4, 'befriending', 'Befriending and a chat', 4),
  (5, 'diy', 'DIY and small repairs', 5),
  (6, 'it_help', 'Help with computers and phones', 6),
  (7, 'cooking', 'Cooking', 7),
  (8, 'admin_help', 'Forms, letters and admin', 8),
  (9, 'pets', 'Pet care', 9),
  (10, 'language', 'Languages and conversation', 10),
  (11, 'crafts', 'Crafts and sewing', 11),
  (12, 'other', 'Something else', 12);

-- Other SupportNet timebanks this one exchanges with.
CREATE TABLE tb_partners (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- A member is a person (their record; reached through the usual
-- relationships) or a directory organisation. person_id is not unique:
-- a merge of two records that were both members keeps both memberships.
CREATE TABLE tb_members (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'org')),
  person_id BIGINT REFERENCES people(id),
  org_id BIGINT REFERENCES dir_organizations(id),
  locality_id BIGINT REFERENCES localities(id),
  credit_limit INTEGER CHECK (credit_limit IS NULL OR credit_limit >= 0), -- minutes below zero allowed
  joined_at TEXT NOT NULL,
  joined_by BIGINT REFERENCES users(id),
  CHECK ((kind = 'person' AND person_id IS NOT NULL AND org_id IS NULL)
      OR (kind = 'org' AND org_id IS NOT NULL AND person_id IS NULL))
);
CREATE INDEX tb_members_person ON tb_members(person_id);
CREATE INDEX tb_members_org ON tb_members(org_id);

-- Ledger accounts: one per member, one per partner bank (the inter-bank
-- account). version goes up with every transfer on the account: the
-- UPDATE takes the row's lock, so two transfers on one account queue for
-- the credit check on PostgreSQL too.
CREATE TABLE tb_accounts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('member', 'interbank')),
  member_id BIGINT UNIQUE REFERENCES tb_members(id),
  partner_id BIGINT UNIQUE REFERENCES tb_partners(id),
  version INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  CHECK ((kind = 'member') = (member_id IS NOT NULL) AND (kind = 'interbank') = (partner_id IS NOT NULL))
);

-- Offers and needs.
CREATE TABLE tb_listings (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  member_id BIGINT NOT NULL REFERENCES tb_members(id),
  kind TEXT NOT NULL CHECK (kind IN ('offer', 'need')),
  category_id BIGINT NOT NULL REFERENCES tb_categories(id),
  title TEXT NOT NULL,
  details TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'withdrawn')),
  created_at TEXT NOT NULL,
  withdrawn_at TEXT
);
CREATE INDEX tb_listings_browse ON tb_listings(status, category_id, kind, id);
CREATE INDEX tb_listings_member ON tb_listings(member_id, id);

-- A contact request: from_member asks to be put in touch with to_member
-- about a listing. to_member's details are never shown; they answer, and
-- share only what they type into shared_details.
CREATE TABLE tb_contacts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  from_member_id BIGINT NOT NULL REFERENCES tb_members(id),
  to_member_id BIGINT NOT NULL REFERENCES tb_members(id),
  listing_id BIGINT NOT NULL REFERENCES tb_listings(id),
  message TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'sent' CHECK (status IN ('sent', 'replied', 'declined')),
  reply TEXT NOT NULL DEFAULT '',
  shared_details TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES users(id),
  replied_at TEXT,
  replied_by BIGINT REFERENCES users(id)
);
CREATE INDEX tb_contacts_to ON tb_contacts(to_member_id, id);
CREATE INDEX tb_contacts_from ON tb_contacts(from_member_id, id);

-- The ledger: transfers and their entries, append-only.
CREATE TABLE tb_transfers (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('exchange', 'reversal', 'interbank_out', 'interbank_in')),
  reverses_id BIGINT UNIQUE REFERENCES tb_transfers(id),  -- a transfer is reversed at most once
  category_id BIGINT REFERENCES tb_categories(id),
  done_on TEXT NOT NULL,                  -- YYYY-MM-DD: when the time was given
  description TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',        -- a reversal's reason
  partner_id BIGINT REFERENCES tb_partners(id),  -- inter-bank transfers
  remote_uuid TEXT,                       -- interbank_in: the transfer's uuid at the partner
  remote_member TEXT,                     -- interbank: the member's uuid at the partner
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  CHECK ((kind = 'reversal') = (reverses_id IS NOT NULL)),
  UNIQUE (partner_id, remote_uuid)
);
CREATE TABLE tb_entries (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transfer_id BIGINT NOT NULL REFERENCES tb_transfers(id),
  account_id BIGINT NOT NULL REFERENCES tb_accounts(id),
  minutes INTEGER NOT NULL CHECK (minutes <> 0)
);
CREATE INDEX tb_entries_transfer ON tb_entries(transfer_id);
CREATE INDEX tb_entries_account ON tb_entries(account_id, id);

CREATE FUNCTION tb_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the timebank ledger is append-only';
END $$;
CREATE TRIGGER tb_transfers_no_update BEFORE UPDATE OR DELETE ON tb_transfers
  FOR EACH ROW EXECUTE FUNCTION tb_append_only();
CREATE TRIGGER tb_transfers_no_truncate BEFORE TRUNCATE ON tb_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION tb_append_only();
CREATE TRIGGER tb_entries_no_update BEFORE UPDATE OR DELETE ON tb_entries
  FOR EACH ROW EXECUTE FUNCTION tb_append_only();
CREATE TRIGGER tb_entries_no_truncate BEFORE TRUNCATE ON tb_entries
  FOR EACH STATEMENT EXECUTE FUNCTION tb_append_only();

-- An exchange recorded by one side and confirmed (or declined) by the
-- other; only a confirmed exchange makes a transfer.
CREATE TABLE tb_exchanges (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  giver_id BIGINT NOT NULL REFERENCES tb_members(id),
  receiver_id BIGINT NOT NULL REFERENCES tb_members(id),
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  category_id BIGINT NOT NULL REFERENCES tb_categories(id),
  done_on TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  recorded_by_side TEXT NOT NULL CHECK (recorded_by_side IN ('giver', 'receiver')),
  recorded_by BIGINT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'declined')),
  decided_by BIGINT REFERENCES users(id),
  decided_at TEXT,
  transfer_id BIGINT REFERENCES tb_transfers(id),
  created_at TEXT NOT NULL,
  CHECK (giver_id <> receiver_id),
  CHECK ((status = 'confirmed') = (transfer_id IS NOT NULL))
);
CREATE INDEX tb_exchanges_giver ON tb_exchanges(giver_id, status, id);
CREATE INDEX tb_exchanges_receiver ON tb_exchanges(receiver_id, status, id);
CREATE INDEX tb_exchanges_done ON tb_exchanges(status, done_on);
