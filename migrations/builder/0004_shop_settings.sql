-- Shop settings (issue 22): every shop has a currency, a language and a
-- timezone. The currency is the default for new variants and promotions and
-- leads the storefront's price sort; the language is the storefront's `lang`
-- and its number and date formats (a BCP 47 tag such as `fr-FR` or `ja`); the
-- timezone (an IANA name) is how the dashboard shows and enters dates.
-- Existing shops get what the walk-through and the dashboard assumed so far:
-- EUR, English pages, UTC dates; the merchant changes them in the settings.
ALTER TABLE builder.sites
    ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR',
    ADD COLUMN language text NOT NULL DEFAULT 'en',
    ADD COLUMN timezone text NOT NULL DEFAULT 'UTC',
    ADD CONSTRAINT sites_currency_format CHECK (currency ~ '^[A-Z]{3}$'),
    ADD CONSTRAINT sites_language_format CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' AND char_length(language) <= 35),
    ADD CONSTRAINT sites_timezone_length CHECK (char_length(timezone) BETWEEN 1 AND 64);

-- New columns go last, so the view is replaced in place (its grants stay).
CREATE OR REPLACE VIEW builder.site_directory AS
    SELECT s.id, s.slug, s.name, s.owner_id,
           (SELECT u.tokens_valid_after FROM builder.users u WHERE u.id = s.owner_id) AS owner_tokens_valid_after,
           s.currency, s.language, s.timezone
    FROM builder.sites s;
