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

-- A shopper's orders for the storefront's "my orders" page (served by the
-- customer service): the receipt token links to the receipt page. Orders
-- still waiting for payment are not orders yet from the shopper's side.
CREATE VIEW checkout.customer_orders AS
SELECT o.customer_id,
       o.site_id,
       o.number,
       o.token,
       o.status,
       o.total,
       o.currency,
       o.created_at
FROM checkout.orders o
WHERE o.customer_id IS NOT NULL
  AND o.status <> 'pending_payment';

GRANT SELECT ON checkout.customer_orders TO vitrine_checkout_published;
