-- The builder service's schema: merchant accounts and their sites.
-- Runs as role vitrine_builder (owner of schema `builder`).

CREATE TABLE builder.users (
    id            uuid PRIMARY KEY,          -- UUIDv7, made by the service
    username      text NOT NULL,
    password_hash text NOT NULL,             -- argon2id PHC string
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_username_length CHECK (char_length(username) BETWEEN 3 AND 32)
);

-- Usernames are unique without regard to case: "Alice" and "alice" are the
-- same account name. An expression index keeps the original spelling.
CREATE UNIQUE INDEX users_username_key ON builder.users (lower(username));

CREATE TABLE builder.sites (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES builder.users (id) ON DELETE CASCADE,
    name       text NOT NULL,
    slug       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT sites_slug_key UNIQUE (slug),  -- the slug is the public URL
    CONSTRAINT sites_slug_format CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND char_length(slug) <= 63),
    CONSTRAINT sites_name_length CHECK (char_length(name) BETWEEN 1 AND 100)
);

-- "My sites, newest first" is a keyset walk down the ids of one owner: ids
-- are UUIDv7, whose leading bits are the creation time, so id order is
-- creation order and one column is a complete, unique sort key.
CREATE INDEX sites_owner_newest_idx ON builder.sites (owner_id, id DESC);

-- Published read-only view for the other services: site existence, its slug
-- and its owner. Other services never read builder.sites itself, so this
-- table can change shape without breaking them. A deleted site disappears
-- from this view, and so from every service, in the same transaction.
CREATE VIEW builder.site_directory AS
    SELECT id, slug, name, owner_id FROM builder.sites;

GRANT USAGE ON SCHEMA builder TO vitrine_builder_published;
GRANT SELECT ON builder.site_directory TO vitrine_builder_published;
