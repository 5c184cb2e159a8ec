-- A per-site catalog version for the storefront read cache (issue 20, ADR 0028).
-- Runs as role vitrine_site.
--
-- Every service instance keeps the site's public answers (the storefront API
-- and pages) in memory. Whatever changes one of them — a category, product or
-- variant here (stock taken by checkout included), an image in media, a
-- promotion, the site's own name or settings in builder — bumps the site's
-- version in the writing transaction and announces it on the channel
-- `vitrine_site_catalog` (payload: the site id). NOTIFY is delivered at commit
-- to every listening instance, so each drops that site's entries within
-- milliseconds of the commit, and a rolled-back write announces nothing.
--
-- The triggers are deferred constraint triggers: they fire at commit, not at
-- the write. The version row is locked from there to the commit only, so two
-- checkouts of one shop do not queue on it for the length of their
-- transactions. One transaction bumps a site once, however many rows it
-- writes: the row remembers the transaction (xid8) that last bumped it.

CREATE TABLE site.catalog_versions (
    site_id uuid PRIMARY KEY,
    version bigint NOT NULL,
    -- The transaction that last bumped the version: a second bump by the
    -- same transaction (another row of the same write) is skipped.
    bumped_by xid8 NOT NULL
);

-- Bumps site `p_site`'s version and announces it, once per transaction.
-- SECURITY DEFINER: the builder, media and promotion triggers call it as their
-- own roles, which may not touch this table.
CREATE FUNCTION site.bump_catalog_version(p_site uuid) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    bumped bigint;
BEGIN
    IF p_site IS NULL THEN
        RETURN;
    END IF;
    INSERT INTO site.catalog_versions AS v (site_id, version, bumped_by)
    VALUES (p_site, 1, pg_current_xact_id())
    ON CONFLICT (site_id) DO UPDATE
        SET version = v.version + 1, bumped_by = EXCLUDED.bumped_by
        WHERE v.bumped_by <> EXCLUDED.bumped_by
    RETURNING v.version INTO bumped;
    IF bumped IS NOT NULL THEN
        PERFORM pg_notify('vitrine_site_catalog', p_site::text);
    END IF;
END
$$;

REVOKE ALL ON FUNCTION site.bump_catalog_version(uuid) FROM PUBLIC;
GRANT USAGE ON SCHEMA site TO vitrine_builder, vitrine_promotion, vitrine_media;
GRANT EXECUTE ON FUNCTION site.bump_catalog_version(uuid) TO vitrine_builder, vitrine_promotion, vitrine_media;

-- The trigger function for any table of this schema with a `site_id`
-- column whose rows change a site's public answers. Attach it as
--   CREATE CONSTRAINT TRIGGER <table>_catalog_changed
--       AFTER INSERT OR UPDATE OR DELETE ON site.<table>
--       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
--       EXECUTE FUNCTION site.catalog_changed();
-- SECURITY DEFINER: deferred triggers fire at commit as whoever commits (for
-- take_stock, checkout's role).
CREATE FUNCTION site.catalog_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM site.bump_catalog_version(OLD.site_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM site.bump_catalog_version(NEW.site_id);  -- the same site: skipped as already bumped
    END IF;
    RETURN NULL;
END
$$;

REVOKE ALL ON FUNCTION site.catalog_changed() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER categories_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON site.categories
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION site.catalog_changed();
CREATE CONSTRAINT TRIGGER products_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON site.products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION site.catalog_changed();
-- Stock included: take_stock and return_stock update variants, so a variant
-- sold out by a checkout shows as sold out as soon as the order commits.
CREATE CONSTRAINT TRIGGER variants_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON site.variants
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION site.catalog_changed();
