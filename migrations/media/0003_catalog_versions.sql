-- Product images appear on the storefront: announce every change of a site's
-- media to the site service's storefront cache (ADR 0028). Runs as role
-- vitrine_media.
--
-- Generic: attach it to any table of this schema with a `site_id` column
-- whose rows change what a storefront shows:
--   CREATE CONSTRAINT TRIGGER <table>_catalog_changed
--       AFTER INSERT OR UPDATE OR DELETE ON media.<table>
--       DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
--       EXECUTE FUNCTION media.announce_catalog_change();
-- site.bump_catalog_version (site migration 0007, granted to this role) bumps
-- the site's version and NOTIFYs, once per transaction; it is called only once
-- it exists, so media stays writable whatever order the services migrate in.

CREATE FUNCTION media.announce_catalog_change() RETURNS trigger
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
        PERFORM site.bump_catalog_version(OLD.site_id);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM site.bump_catalog_version(NEW.site_id);
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER media_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON media.media
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION media.announce_catalog_change();
