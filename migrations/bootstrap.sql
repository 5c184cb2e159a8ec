-- Vitrine database bootstrap: one schema and one role per service.
--
-- Run once per database by an administrator (docker compose init script, the
-- Kubernetes init Job, the all-in-one binary, the test harness). It is
-- idempotent: running it again changes nothing.
--
-- Why roles are NOLOGIN here: how a role logs in (password, certificate, an
-- operator-managed secret) belongs to the deployment, not to the schema. A
-- deployment gives each service role LOGIN and a password; the all-in-one
-- binary and the tests do the same with a password generated per run
-- (ServiceDb::grant_login in crates/common/src/db.rs).
--
-- Each service's own migrations (migrations/<service>/) run as that service's
-- role, so every table is owned by the service that writes it.

SET client_min_messages = warning;

-- Service roles: each owns exactly one schema.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY[
    'vitrine_builder', 'vitrine_site', 'vitrine_media', 'vitrine_promotion', 'vitrine_experiment',
    'vitrine_customer', 'vitrine_checkout', 'vitrine_notifier',
    -- "Published" group roles: membership grants read access to the views an
    -- owner publishes for other services (never its tables).
    'vitrine_builder_published', 'vitrine_site_published', 'vitrine_media_published',
    'vitrine_promotion_published', 'vitrine_experiment_published', 'vitrine_customer_published',
    'vitrine_checkout_published'
  ] LOOP
    BEGIN
      EXECUTE format('CREATE ROLE %I NOLOGIN', r);
    EXCEPTION
      WHEN duplicate_object OR unique_violation THEN NULL;  -- exists already (or a concurrent bootstrap made it)
    END;
  END LOOP;
END
$$;

CREATE SCHEMA IF NOT EXISTS builder AUTHORIZATION vitrine_builder;
CREATE SCHEMA IF NOT EXISTS site AUTHORIZATION vitrine_site;
CREATE SCHEMA IF NOT EXISTS media AUTHORIZATION vitrine_media;
CREATE SCHEMA IF NOT EXISTS promotion AUTHORIZATION vitrine_promotion;
CREATE SCHEMA IF NOT EXISTS experiment AUTHORIZATION vitrine_experiment;
CREATE SCHEMA IF NOT EXISTS customer AUTHORIZATION vitrine_customer;
CREATE SCHEMA IF NOT EXISTS checkout AUTHORIZATION vitrine_checkout;
CREATE SCHEMA IF NOT EXISTS notifier AUTHORIZATION vitrine_notifier;

-- Nobody creates objects in `public`.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- Contrib extensions the services' migrations build on, created here because
-- only an administrator may create objects in `public`: unaccent and pg_trgm
-- for the catalog search (site migration 0005, docs/adr/0021).
CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- Who reads whose published views. The owners' migrations grant SELECT on
-- each published view to their "published" role; this is the one place that
-- says which services consume them.
GRANT vitrine_builder_published TO vitrine_site, vitrine_media, vitrine_promotion, vitrine_experiment,
    vitrine_customer, vitrine_checkout, vitrine_notifier;
GRANT vitrine_site_published TO vitrine_media, vitrine_checkout;
GRANT vitrine_media_published TO vitrine_site;
-- Checkout reads the catalog's variants, the promotions, the experiments and
-- the shopper accounts (views), and calls their owners' published functions
-- (decision 11: EXECUTE is granted by each owner's migration to the caller's
-- role itself, so only checkout can take stock or redeem a code).
GRANT vitrine_promotion_published, vitrine_experiment_published, vitrine_customer_published TO vitrine_checkout;
-- The notifier follows checkout's event feed.
GRANT vitrine_checkout_published TO vitrine_notifier;
-- The storefront pages of the site and customer services show the cart's item count
-- (checkout.cart_summary).
GRANT vitrine_checkout_published TO vitrine_site, vitrine_customer;
