-- Gives every service role of migrations/bootstrap.sql its LOGIN and
-- password: the one step bootstrap.sql leaves to the deployment. Run as the
-- superuser after bootstrap.sql, with one psql variable per service:
--
--   psql -v ON_ERROR_STOP=1 -v builder_password=… -v site_password=… \
--        -v media_password=… -v promotion_password=… -v experiment_password=… \
--        -f deploy/postgres/logins.sql
--
-- docker compose runs it from deploy/postgres/20-logins.sh, the local fleet
-- from scripts/fleet.sh. The "published" group roles stay NOLOGIN: they only
-- carry read access to the views an owner publishes. No role but the
-- superuser can create databases or roles, and each service role is limited
-- to a few connections more than its pool needs.
ALTER ROLE vitrine_builder LOGIN PASSWORD :'builder_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_site LOGIN PASSWORD :'site_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_media LOGIN PASSWORD :'media_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_promotion LOGIN PASSWORD :'promotion_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_experiment LOGIN PASSWORD :'experiment_password' CONNECTION LIMIT 50;
