-- Gives every service role of migrations/bootstrap.sql its LOGIN and
-- password: the one step bootstrap.sql leaves to the deployment. Run as the
-- superuser after bootstrap.sql, with one environment variable per service
-- (VITRINE_<SERVICE>_DB_PASSWORD):
--
--   VITRINE_BUILDER_DB_PASSWORD=… … psql -v ON_ERROR_STOP=1 -f deploy/postgres/logins.sql
--
-- The passwords come from psql's environment (\getenv), never its command
-- line: `ps` shows every process's arguments to every user of the machine.
-- docker compose runs it from deploy/postgres/20-logins.sh, the local fleet
-- from scripts/fleet.sh. The "published" group roles stay NOLOGIN: they only
-- carry read access to the views an owner publishes. No role but the
-- superuser can create databases or roles, and each service role is limited
-- to a few connections more than its pool needs.
\getenv builder_password VITRINE_BUILDER_DB_PASSWORD
\getenv site_password VITRINE_SITE_DB_PASSWORD
\getenv media_password VITRINE_MEDIA_DB_PASSWORD
\getenv promotion_password VITRINE_PROMOTION_DB_PASSWORD
\getenv experiment_password VITRINE_EXPERIMENT_DB_PASSWORD
\getenv customer_password VITRINE_CUSTOMER_DB_PASSWORD
\getenv checkout_password VITRINE_CHECKOUT_DB_PASSWORD
\getenv notifier_password VITRINE_NOTIFIER_DB_PASSWORD
-- An unset variable leaves the psql variable unset, and :'name' below then
-- stays literal text: a syntax error that stops the script (ON_ERROR_STOP),
-- never an empty or well-known password.
ALTER ROLE vitrine_builder LOGIN PASSWORD :'builder_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_site LOGIN PASSWORD :'site_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_media LOGIN PASSWORD :'media_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_promotion LOGIN PASSWORD :'promotion_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_experiment LOGIN PASSWORD :'experiment_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_customer LOGIN PASSWORD :'customer_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_checkout LOGIN PASSWORD :'checkout_password' CONNECTION LIMIT 50;
ALTER ROLE vitrine_notifier LOGIN PASSWORD :'notifier_password' CONNECTION LIMIT 50;
