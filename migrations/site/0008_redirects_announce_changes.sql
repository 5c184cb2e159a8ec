-- A product's old slug now answers 301 to its current page (0006), so a
-- redirect that comes or goes changes the storefront's answers: it bumps the
-- site's catalog version like every other catalog table (0007).
CREATE CONSTRAINT TRIGGER product_slug_redirects_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE ON site.product_slug_redirects
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION site.catalog_changed();
