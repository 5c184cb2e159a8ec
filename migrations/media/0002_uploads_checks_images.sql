-- Uploaded images, their web versions, the broken-URL checker, and the
-- published list of every image of a product (issue 22).
-- Runs as role vitrine_media (owner of schema `media`).

-- An uploaded image is stored in the object store (local files or S3) under
-- `storage_key`; its `url` is then the path the media service serves it at
-- (`/api/media/files/<key>`, same origin as the storefront), not an absolute
-- http(s) URL. A given URL keeps the absolute form.
ALTER TABLE media.media
    ADD COLUMN storage_key  text,
    ADD COLUMN content_type text,
    ADD COLUMN width        integer,
    ADD COLUMN height       integer,
    -- The resized web versions, smallest first: [{"width", "height", "url", "key"}].
    ADD COLUMN versions     jsonb NOT NULL DEFAULT '[]',
    -- The checker's verdict on a given URL: unchecked until it has fetched it.
    -- Uploads are ours and are never checked ('ok' from the start).
    ADD COLUMN check_status       text NOT NULL DEFAULT 'unchecked',
    ADD COLUMN check_http_status  integer,
    ADD COLUMN check_content_type text,
    ADD COLUMN check_error        text,
    ADD COLUMN checked_at         timestamptz,
    ADD CONSTRAINT media_check_status CHECK (check_status IN ('unchecked', 'ok', 'broken')),
    ADD CONSTRAINT media_versions_array CHECK (jsonb_typeof(versions) = 'array'),
    ADD CONSTRAINT media_storage_key_format CHECK (storage_key ~ '^[a-z0-9][a-z0-9/._-]*$' AND storage_key !~ '\.\.');

ALTER TABLE media.media DROP CONSTRAINT media_url_format;
ALTER TABLE media.media ADD CONSTRAINT media_url_format CHECK (
    char_length(url) <= 2048 AND (
        (storage_key IS NULL AND url ~* '^https?://[^\s/?#]+')
        OR (storage_key IS NOT NULL AND url = '/api/media/files/' || storage_key)
    )
);

-- The checker's queue: given URLs never checked, or checked longest ago.
CREATE INDEX media_check_due_idx ON media.media (checked_at NULLS FIRST, id) WHERE storage_key IS NULL;

-- Published read-only view for the site service: every image of a product in
-- order (position 1 is the cover), with its web versions for a srcset. The
-- storefront filters it by product_id (the index above serves it).
CREATE VIEW media.product_images AS
    SELECT m.site_id,
           m.product_id,
           row_number() OVER (PARTITION BY m.product_id ORDER BY m.sort_order, m.id)::integer AS position,
           m.url,
           m.alt,
           m.width,
           m.height,
           m.versions,
           m.check_status
    FROM media.media m;

GRANT SELECT ON media.product_images TO vitrine_media_published;

-- A product card shows the cover at most ~400 px wide: for an upload, its
-- 800 px version (or the largest below) rather than the original file.
CREATE OR REPLACE VIEW media.product_cover AS
    SELECT m.product_id,
           COALESCE((SELECT v ->> 'url'
                     FROM jsonb_array_elements(m.versions) v
                     WHERE (v ->> 'width')::integer <= 800
                     ORDER BY (v ->> 'width')::integer DESC
                     LIMIT 1), m.url) AS url,
           m.alt
    FROM media.media m
    WHERE NOT EXISTS (
        SELECT 1 FROM media.media f
        WHERE f.product_id = m.product_id
          AND (f.sort_order, f.id) < (m.sort_order, m.id)
    );
