-- The cart's item count for the storefront header on pages other services
-- render (the site's catalog and product pages, the customer's account
-- pages): published read-only, by token, so those services never touch the
-- carts' tables. Only open carts (not yet an order, used within the 30 idle
-- days after which the API treats them as gone) are listed.
CREATE VIEW checkout.cart_summary AS
SELECT c.token,
       c.site_id,
       COALESCE(sum(l.quantity), 0)::bigint AS item_count
FROM checkout.carts c
LEFT JOIN checkout.cart_lines l ON l.cart_id = c.id
WHERE c.order_id IS NULL
  AND c.updated_at > now() - interval '30 days'
GROUP BY c.id, c.token, c.site_id;

GRANT SELECT ON checkout.cart_summary TO vitrine_checkout_published;
