-- Revoking a merchant's tokens (logout, a compromised token): every token
-- issued before users.tokens_valid_after is refused. Verifiers check it
-- without calling the builder: the site directory every service already reads
-- carries its owner's cut-off, and the builder checks its own table.
ALTER TABLE builder.users ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT 'epoch';

-- New columns go last, so the view is replaced in place (its grants stay).
-- A scalar subquery rather than a join keeps the view a simple one over
-- builder.sites: writes through it are still refused for lack of privilege.
CREATE OR REPLACE VIEW builder.site_directory AS
    SELECT s.id, s.slug, s.name, s.owner_id,
           (SELECT u.tokens_valid_after FROM builder.users u WHERE u.id = s.owner_id) AS owner_tokens_valid_after
    FROM builder.sites s;
