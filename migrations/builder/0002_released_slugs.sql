-- A deleted site's slug stays reserved to its last owner for 30 days: links,
-- bookmarks and search results still point at /site/<slug>, and another
-- merchant claiming it at once could impersonate the shop that was there.
-- The owner may take it back at any time (a deleted-by-mistake shop).
--
-- Enforced here, not only in the handler, so no path (a retry, a race with
-- the delete) hands the slug to someone else. A reserved slug is refused with
-- the sites_slug_key constraint name, so the API answers it exactly like a
-- taken slug (409 with a suggested free one).

CREATE TABLE builder.released_slugs (
    slug text PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES builder.users (id) ON DELETE CASCADE,
    released_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION builder.release_slug() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    INSERT INTO builder.released_slugs (slug, owner_id) VALUES (OLD.slug, OLD.owner_id)
    ON CONFLICT (slug) DO UPDATE SET owner_id = EXCLUDED.owner_id, released_at = now();
    RETURN OLD;
END
$$;

CREATE TRIGGER sites_release_slug AFTER DELETE ON builder.sites
    FOR EACH ROW EXECUTE FUNCTION builder.release_slug();

CREATE FUNCTION builder.refuse_reserved_slug() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM builder.released_slugs r
        WHERE r.slug = NEW.slug AND r.owner_id <> NEW.owner_id AND r.released_at > now() - interval '30 days'
    ) THEN
        RAISE EXCEPTION 'the slug % is reserved to the owner of a deleted site', NEW.slug
            USING ERRCODE = 'unique_violation', CONSTRAINT = 'sites_slug_key';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER sites_refuse_reserved_slug BEFORE INSERT OR UPDATE OF slug ON builder.sites
    FOR EACH ROW EXECUTE FUNCTION builder.refuse_reserved_slug();
