-- A shop moved to another address (PATCH /api/builder/sites/{id} with a new
-- slug) leaves its old address the way a deleted shop does: reserved to its
-- owner for 30 days (0002_released_slugs.sql), so no one else can take over
-- the links, bookmarks and search results that still point at it.
-- builder.release_slug() reads OLD only, and an AFTER trigger's result is
-- ignored, so the delete trigger's function serves as is.
CREATE TRIGGER sites_release_changed_slug AFTER UPDATE OF slug ON builder.sites
    FOR EACH ROW WHEN (OLD.slug IS DISTINCT FROM NEW.slug)
    EXECUTE FUNCTION builder.release_slug();
