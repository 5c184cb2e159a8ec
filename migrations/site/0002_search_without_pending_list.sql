-- Searches read the GIN index directly. With GIN's default `fastupdate`, new
-- products wait in a pending list that every search scans linearly until a
-- vacuum merges it: measured at 8-14 ms per search right after a bulk import
-- of 100,000 products, against 0.1 ms once merged. A catalog is read far more
-- often than written, so writes pay the (small) index update at once instead.
ALTER INDEX site.products_search_idx SET (fastupdate = off);
