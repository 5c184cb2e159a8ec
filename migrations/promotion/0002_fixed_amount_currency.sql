-- A fixed amount is money, and Vitrine's money always carries its ISO 4217
-- currency (which also bounds its decimals: EUR 2, JPY 0, KWD 3). A
-- percentage has none. A separate migration rather than an edit of 0001,
-- whose checksum databases that already applied it have recorded.
ALTER TABLE promotion.promotions ADD COLUMN currency char(3);

-- NOT VALID: fixed amounts created before this migration have no currency
-- and are answered with two decimals; every row written from now on is checked.
ALTER TABLE promotion.promotions
    ADD CONSTRAINT promotions_currency_iff_fixed_amount
    CHECK ((kind = 'fixed_amount') = (currency IS NOT NULL) AND (currency IS NULL OR currency ~ '^[A-Z]{3}$'))
    NOT VALID;
