-- The broken-URL checker (0002) updates every given URL's row on each round
-- (checked_at, the HTTP status it saw): announcing each of those updates
-- (0003) would empty a shop's storefront cache every few minutes for nothing.
-- An update is announced only when it changes what a storefront shows: the
-- image itself, its order, its text, its web versions, or whether it is
-- broken (broken images are left off the pages).
DROP TRIGGER media_catalog_changed ON media.media;

CREATE CONSTRAINT TRIGGER media_catalog_changed
    AFTER INSERT OR DELETE ON media.media
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION media.announce_catalog_change();

CREATE CONSTRAINT TRIGGER media_catalog_changed_visibly
    AFTER UPDATE ON media.media
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.site_id, OLD.product_id, OLD.url, OLD.alt, OLD.sort_order, OLD.width, OLD.height, OLD.versions, OLD.check_status)
          IS DISTINCT FROM
          (NEW.site_id, NEW.product_id, NEW.url, NEW.alt, NEW.sort_order, NEW.width, NEW.height, NEW.versions, NEW.check_status))
    EXECUTE FUNCTION media.announce_catalog_change();
