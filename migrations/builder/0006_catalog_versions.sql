-- A site's name, slug and settings appear on its storefront, and a deleted
-- site must leave it: announce every change of builder.sites to the site
-- service's storefront cache (ADR 0028). Runs as role vitrine_builder.
--
-- site.bump_catalog_version (site migration 0007, granted to this role) bumps
-- the site's catalog version and NOTIFYs, once per transaction. It is called
-- only once it exists: the builder migrates first, and its sites must stay
-- writable in a fleet whose site service has not migrated yet (there is no
-- storefront cache to tell then).

CREATE FUNCTION builder.announce_site_change() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'site' AND p.proname = 'bump_catalog_version'
    ) THEN
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        PERFORM site.bump_catalog_version(OLD.id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM site.bump_catalog_version(NEW.id);
    END IF;
    RETURN NULL;
END
$$;

-- Deferred to the commit, like the site service's own triggers, so the
-- version row is locked only from the commit on. A deleted owner's sites go
-- by cascade, and fire this too.
CREATE CONSTRAINT TRIGGER sites_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON builder.sites
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION builder.announce_site_change();
