-- A site's promotions are part of what its storefront may show: announce their
-- changes to the site service's storefront cache (ADR 0028). Runs as role
-- vitrine_promotion.
--
-- Generic: attach it to any table of this schema with a `site_id` column
-- (see media.announce_catalog_change for the CREATE CONSTRAINT TRIGGER line).
-- site.bump_catalog_version (site migration 0007, granted to this role) bumps
-- the site's version and NOTIFYs, once per transaction; it is called only once
-- it exists, so promotions stay writable whatever order the services migrate in.

CREATE FUNCTION promotion.announce_catalog_change() RETURNS trigger
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

CREATE CONSTRAINT TRIGGER promotions_catalog_changed
    AFTER INSERT OR DELETE ON promotion.promotions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION promotion.announce_catalog_change();
-- A checkout redeeming or releasing a use changes only times_used (and
-- updated_at), which no storefront answer shows: no announcement for those,
-- or every order with a code would empty its shop's cache once more.
CREATE CONSTRAINT TRIGGER promotions_catalog_updated
    AFTER UPDATE ON promotion.promotions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((to_jsonb(OLD) - 'times_used' - 'updated_at') IS DISTINCT FROM (to_jsonb(NEW) - 'times_used' - 'updated_at'))
    EXECUTE FUNCTION promotion.announce_catalog_change();
