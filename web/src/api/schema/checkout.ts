// Generated from web/openapi/checkout.json (the checkout service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/checkout/public/{site_slug}/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a cart, optionally with its first lines. With a shopper token of
         *     this site, the cart (and its order) belongs to that customer.
         */
        post: operations["create_cart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/carts/{cart_token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A cart, with prices and stock as they are now. */
        get: operations["get_cart"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/carts/{cart_token}/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check out the cart: take the stock, redeem the discount, create the
         *     order, charge the card. Requires an `Idempotency-Key` header: a retry
         *     with the same key and body answers the first answer again.
         */
        post: operations["checkout_cart"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/carts/{cart_token}/discount": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Apply a discount code (without regard to case). A code that does not
         *     apply now is a 422 on `code` saying why; it is redeemed only at checkout.
         */
        put: operations["apply_discount"];
        post?: never;
        /** Remove the discount code. */
        delete: operations["remove_discount"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/carts/{cart_token}/lines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a variant to the cart; the same variant again adds to its line. */
        post: operations["add_line"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/carts/{cart_token}/lines/{line_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a line. */
        delete: operations["delete_line"];
        options?: never;
        head?: never;
        /** Change a line's quantity; 0 removes it. Raising it beyond the stock now is a 409. */
        patch: operations["update_line"];
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/me/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in shopper's orders on this site, newest first. */
        get: operations["my_orders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/public/{site_slug}/orders/{order_token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order's receipt. */
        get: operations["get_receipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A site's orders, newest first.
         * @description Items are the merchant view without `history` (GET one order for it).
         *     `q` finds an order number (`1001` or `#1001`) or e-mail addresses
         *     containing it, without regard to case.
         */
        get: operations["list_orders"];
        put?: never;
        /**
         * Create a manual order (a phone or counter sale).
         * @description Its lines are variants of the site, all in one currency. Prices are frozen from the catalog now and the
         *     stock is taken (409 `urn:vitrine:problem:out-of-stock` with the short
         *     `lines` if any line asks for more than there is: nothing is taken). A
         *     manual order has no discount. It starts `pending_payment` (event
         *     `order.created`); with `paid: true` a `manual` payment of its total is
         *     recorded at once (then `order.paid` too). An account of the site with the
         *     same e-mail becomes its `customer_id`.
         */
        post: operations["create_order"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order of a site, with its `history` (oldest first). */
        get: operations["get_order"];
        put?: never;
        post?: never;
        /**
         * Delete a `pending_payment` or `canceled` order.
         * @description A pending one gives its stock and promotion use back first. Event `order.deleted` (its `data` is
         *     the order as it was). A `paid` or `fulfilled` order → 409: cancel it first.
         */
        delete: operations["delete_order"];
        options?: never;
        head?: never;
        /**
         * Change an order's e-mail, shipping address or note.
         * @description Absent fields stay; `null` clears the address or the note. A fulfilled
         *     order has shipped: its address cannot change (409). The change is recorded
         *     in the history; it sends no event (there is no `order.updated`).
         */
        patch: operations["update_order"];
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a `pending_payment` or `paid` order.
         * @description Its stock goes back to the catalog, its promotion use is released, and a captured payment is refunded
         *     (a manual payment at once; a card payment through the provider, right after
         *     the cancel commits, so no lock is held while the provider answers); event
         *     `order.canceled`. A fulfilled order → 409. If the provider fails to refund,
         *     the order stays canceled with its payment `captured` (502): cancel again to
         *     retry the refund.
         */
        post: operations["cancel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/orders/{id}/fulfill": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fulfill (ship or hand over) a `paid` order.
         * @description With an optional tracking number (1 to 100 characters); event
         *     `order.fulfilled`. Any other status → 409.
         */
        post: operations["fulfill"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/orders/{id}/mark-paid": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a `pending_payment` order paid (cash, bank transfer…).
         * @description It becomes `paid`, with a `manual` payment of its total; event
         *     `order.paid`. Any other status → 409, as is a shopper's checkout whose card
         *     payment is still in progress.
         */
        post: operations["mark_paid"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/checkout/sites/{site_id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A site's sales over a range of UTC days.
         * @description `from` and `to` are both included (default: the last 30 days up to
         *     today). Sales are the orders that are `paid` or `fulfilled`, counted on the
         *     day they were paid. `by_day` has every day of the range, days without sales
         *     included; `top_products` are the 10 best by revenue (the lines' totals,
         *     before any order discount), then by quantity.
         *
         *     Amounts are never added across currencies: `currency` is the one the most
         *     orders of the range were paid in (ties: the first code alphabetically), and
         *     only orders in it are counted. Without sales in the range it is the
         *     currency most of the site's variants are priced in (or `null` for a site
         *     with no variant), with zeros. `revenue` is the sum of the orders' totals
         *     (after discounts); `average_order_value` is `revenue / orders` rounded half
         *     up to the currency's decimals. A range over 366 days, or `from` after `to`,
         *     is a 422.
         */
        get: operations["get_stats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description A discount code to apply to a cart. */
        ApplyDiscount: {
            /**
             * @description The code, in any case.
             * @example SUMMER10
             */
            code: string;
        };
        /** @description Canceling an order. */
        CancelOrder: {
            reason?: string | null;
        };
        /**
         * @description The card a shopper pays with. Never stored nor logged: only its brand and
         *     last 4 digits are kept.
         */
        CardInput: {
            /**
             * @description 12 to 19 digits (spaces allowed), Luhn-valid.
             * @example 4242424242424242
             */
            card_number: string;
            /**
             * Format: int64
             * @example 12
             */
            exp_month: number;
            /**
             * Format: int64
             * @example 2030
             */
            exp_year: number;
            /**
             * @description 3 or 4 digits.
             * @example 123
             */
            cvc: string;
        };
        /** @description A shopper's cart: whoever holds `token` holds the cart. */
        Cart: {
            /** @description 32 random bytes, base64url. */
            token: string;
            /** Format: uuid */
            site_id: string;
            /**
             * @description `null` while the cart is empty.
             * @example EUR
             */
            currency?: string | null;
            lines: components["schemas"]["CartLine"][];
            discount?: null | components["schemas"]["Discount"];
            /** @example 78.00 */
            subtotal: string;
            /** @example 7.80 */
            discount_total: string;
            /** @example 70.20 */
            total: string;
            /**
             * Format: int64
             * @description The sum of the quantities.
             */
            item_count: number;
            warnings: components["schemas"]["Warning"][];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description A cart line, with the catalog as it is now. */
        CartLine: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            variant_id: string;
            /**
             * Format: uuid
             * @description `null` once the variant is gone.
             */
            product_id?: string | null;
            product_title?: string | null;
            product_slug?: string | null;
            sku?: string | null;
            attributes?: Record<string, unknown> | null;
            /**
             * @description The live price (`null` once the variant is gone).
             * @example 39.00
             */
            unit_price?: string | null;
            /** Format: int64 */
            quantity: number;
            /** @example 78.00 */
            line_total: string;
            /**
             * Format: int64
             * @description The stock now (0 once the variant is gone).
             */
            available: number;
        };
        /** @description A checkout: who pays, where it goes, the card. */
        Checkout: {
            /**
             * @description Optional with a shopper token (the account's e-mail).
             * @example ada@example.com
             */
            email?: string | null;
            shipping_address: components["schemas"]["ShippingAddress"];
            payment: components["schemas"]["CardInput"];
            /** @description The visitor key the storefront used for A/B assignment (default: the cart token). */
            experiment_key?: string | null;
        };
        /** @description A new cart, optionally with its first lines. */
        CreateCart: {
            lines?: components["schemas"]["LineInput"][];
        };
        /** @description A manual order (a phone or counter sale). */
        CreateManualOrder: {
            email: string;
            lines: components["schemas"]["LineInput"][];
            shipping_address?: null | components["schemas"]["ShippingAddress"];
            note?: string | null;
            /** @description Record a `manual` payment at once. */
            paid?: boolean | null;
        };
        /** @description One UTC day of sales. */
        DayStats: {
            /**
             * Format: date
             * @description The UTC day, `YYYY-MM-DD`.
             * @example 2026-11-29
             */
            date: string;
            /** Format: int64 */
            orders: number;
            revenue: string;
        };
        /** @description The discount a cart or an order gets. */
        Discount: {
            /** @description As the merchant spelled it. */
            code: string;
            type: components["schemas"]["PromotionType"];
            /**
             * @description The promotion's value: a percentage, or an amount in the cart's currency.
             * @example 10
             */
            value: string;
            /**
             * @description What it takes off the subtotal, in the cart's currency.
             * @example 4.50
             */
            amount: string;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /** @description Fulfilling a paid order. */
        FulfillOrder: {
            tracking_number?: string | null;
        };
        /** @description One step of an order's life (merchant view). */
        History: {
            /** Format: date-time */
            at: string;
            status: components["schemas"]["OrderStatus"];
            note?: string | null;
        };
        /** @description A line to put in a cart (or in a manual order). */
        LineInput: {
            /** Format: uuid */
            variant_id: string;
            /**
             * Format: int64
             * @description 1 to 999.
             * @example 1
             */
            quantity: number;
        };
        /** @description An order. The public view (receipt) adds `token`; the merchant view adds `history`. */
        Order: {
            /** Format: uuid */
            id: string;
            /**
             * Format: int64
             * @description From 1001, per site.
             * @example 1001
             */
            number: number;
            /** Format: uuid */
            site_id: string;
            status: components["schemas"]["OrderStatus"];
            email: string;
            /** Format: uuid */
            customer_id?: string | null;
            shipping_address?: null | components["schemas"]["ShippingAddress"];
            lines: components["schemas"]["OrderLine"][];
            /** @example EUR */
            currency: string;
            subtotal: string;
            discount?: null | components["schemas"]["Discount"];
            discount_total: string;
            total: string;
            payment?: null | components["schemas"]["Payment"];
            note?: string | null;
            tracking_number?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            paid_at?: string | null;
            /** Format: date-time */
            fulfilled_at?: string | null;
            /** Format: date-time */
            canceled_at?: string | null;
            cancel_reason?: string | null;
            /** @description The receipt's token (public view only). */
            token?: string | null;
            /** @description Oldest first (merchant view only). */
            history?: components["schemas"]["History"][] | null;
        };
        /** @description An order line, frozen at checkout. */
        OrderLine: {
            /** Format: uuid */
            variant_id: string;
            /** Format: uuid */
            product_id: string;
            product_title: string;
            sku: string;
            attributes: Record<string, unknown>;
            /** @example 39.00 */
            unit_price: string;
            /** Format: int64 */
            quantity: number;
            /** @example 78.00 */
            line_total: string;
        };
        /**
         * @description Where an order is.
         * @enum {string}
         */
        OrderStatus: "pending_payment" | "paid" | "fulfilled" | "canceled";
        /** @description A page of a keyset-paginated list. */
        Page_Order: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /**
                 * Format: int64
                 * @description From 1001, per site.
                 * @example 1001
                 */
                number: number;
                /** Format: uuid */
                site_id: string;
                status: components["schemas"]["OrderStatus"];
                email: string;
                /** Format: uuid */
                customer_id?: string | null;
                shipping_address?: null | components["schemas"]["ShippingAddress"];
                lines: components["schemas"]["OrderLine"][];
                /** @example EUR */
                currency: string;
                subtotal: string;
                discount?: null | components["schemas"]["Discount"];
                discount_total: string;
                total: string;
                payment?: null | components["schemas"]["Payment"];
                note?: string | null;
                tracking_number?: string | null;
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                paid_at?: string | null;
                /** Format: date-time */
                fulfilled_at?: string | null;
                /** Format: date-time */
                canceled_at?: string | null;
                cancel_reason?: string | null;
                /** @description The receipt's token (public view only). */
                token?: string | null;
                /** @description Oldest first (merchant view only). */
                history?: components["schemas"]["History"][] | null;
            }[];
            /** @description Pass as `?cursor=` to get the next page; `null` on the last page. */
            next_cursor?: string | null;
        };
        /** @description An order's payment: only the card's brand and last 4 digits. */
        Payment: {
            method: components["schemas"]["PaymentMethod"];
            status: components["schemas"]["PaymentStatus"];
            /** @example visa */
            brand?: string | null;
            /** @example 4242 */
            last4?: string | null;
            /** @example 70.20 */
            amount: string;
        };
        /**
         * @description How an order was paid.
         * @enum {string}
         */
        PaymentMethod: "card" | "manual";
        /**
         * @description Where a payment is.
         * @enum {string}
         */
        PaymentStatus: "pending" | "captured" | "refunded";
        /**
         * @description An error answer (`application/problem+json`, RFC 9457).
         * @example {
         *       "detail": "One or more fields are invalid.",
         *       "errors": [
         *         {
         *           "field": "username",
         *           "message": "must be 3 to 32 characters"
         *         }
         *       ],
         *       "status": 422,
         *       "title": "Invalid request",
         *       "type": "urn:vitrine:problem:validation"
         *     }
         */
        Problem: {
            /** @description A URI naming the kind of problem; `about:blank` when the status says it all. */
            type: string;
            /** @description A short, human-readable summary of the kind of problem. */
            title: string;
            /**
             * Format: int32
             * @description The HTTP status code of this answer.
             */
            status: number;
            /** @description What went wrong in this occurrence, for a human. */
            detail?: string | null;
            /** @description The fields that failed validation, one entry per failure. */
            errors?: components["schemas"]["FieldError"][];
        } & {
            [key: string]: unknown;
        };
        /** @description A best-selling product. */
        ProductStats: {
            /** Format: uuid */
            product_id: string;
            title: string;
            /** Format: int64 */
            quantity: number;
            revenue: string;
        };
        /**
         * @description How a promotion's `value` reads.
         * @enum {string}
         */
        PromotionType: "percentage" | "fixed_amount";
        /** @description Where an order goes. */
        ShippingAddress: {
            /**
             * @description 1 to 100 characters.
             * @example Ada Lovelace
             */
            name: string;
            /**
             * @description 1 to 200 characters.
             * @example 12 St James's Square
             */
            line1: string;
            line2?: string | null;
            /** @example London */
            city: string;
            /** @example SW1Y 4JH */
            postal_code: string;
            /**
             * @description ISO 3166-1 alpha-2, upper case.
             * @example GB
             */
            country: string;
        };
        /** @description A site's sales over a period, from paid and fulfilled orders. */
        Stats: {
            currency?: string | null;
            /** Format: int64 */
            orders: number;
            revenue: string;
            average_order_value: string;
            by_day: components["schemas"]["DayStats"][];
            top_products: components["schemas"]["ProductStats"][];
        };
        /** @description A new quantity for a cart line (0 removes the line). */
        UpdateLine: {
            /** Format: int64 */
            quantity: number;
        };
        /** @description A change to an order (absent fields stay). */
        UpdateOrder: {
            email?: string | null;
            shipping_address?: null | components["schemas"]["ShippingAddress"];
            note?: string | null;
        };
        /** @description Something the shopper should fix before checking out. */
        Warning: {
            /**
             * Format: uuid
             * @description The line concerned (`null` for the discount).
             */
            line_id?: string | null;
            code: components["schemas"]["WarningCode"];
            message: string;
        };
        /**
         * @description Why a cart cannot be checked out as it is (or why its discount is 0).
         * @enum {string}
         */
        WarningCode: "insufficient_stock" | "variant_unavailable" | "discount_not_applicable";
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    create_cart: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCart"];
            };
        };
        responses: {
            /** @description The new cart */
            201: {
                headers: {
                    /** @description The cart's URL (its token is the key to it) */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A line asks for more than the stock now (`urn:vitrine:problem:out-of-stock`, with `lines`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_cart: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    checkout_cart: {
        parameters: {
            query?: never;
            header: {
                /** @description 1 to 255 visible characters (a UUID): a retry with the same key and body gets the first answer */
                "Idempotency-Key": string;
            };
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Checkout"];
            };
        };
        responses: {
            /** @description Paid: the order (public view, with its receipt `token`) */
            201: {
                headers: {
                    /** @description The receipt's URL */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description No (or a malformed) `Idempotency-Key` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, revoked, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The card was declined (`code`: card_declined, insufficient_funds, expired_card, incorrect_cvc); nothing was charged and the cart is open again */
            402: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Out of stock (`urn:vitrine:problem:out-of-stock` with `lines`), the cart is already an order (`Location` of its receipt), or the same key is still running */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, an empty cart, a discount that no longer applies (`code`), or the same key with another body */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The payment provider failed; nothing was charged and the cart is open again */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    apply_discount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApplyDiscount"];
            };
        };
        responses: {
            /** @description The cart with its discount */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cart is already an order (the receipt is in `Location` and `receipt`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    remove_discount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cart without a discount */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cart is already an order (the receipt is in `Location` and `receipt`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    add_line: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LineInput"];
            };
        };
        responses: {
            /** @description The cart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Beyond the stock now (`urn:vitrine:problem:out-of-stock`), or the cart is already an order */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_line: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
                /** @description The line's id. */
                line_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The cart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The cart is already an order (the receipt is in `Location` and `receipt`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_line: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The cart's token. */
                cart_token: string;
                /** @description The line's id. */
                line_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateLine"];
            };
        };
        responses: {
            /** @description The cart */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Cart"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A shopper token was sent that is invalid, expired, or of another site */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Beyond the stock now (`urn:vitrine:problem:out-of-stock`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    my_orders: {
        parameters: {
            query?: {
                /** @description How many items to return, 1 to 250 (default 50). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The site's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of my orders (public view) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Order"];
                };
            };
            /** @description Invalid query parameters or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_receipt: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The order's receipt token (from the checkout's answer). */
                order_token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order (public view) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    list_orders: {
        parameters: {
            query?: {
                /** @description Only orders in this status. */
                status?: "pending_payment" | "paid" | "fulfilled" | "canceled";
                /**
                 * @description An order number (`1001` or `#1001`) or part of the e-mail address, without regard to case.
                 * @example ada@
                 */
                q?: string;
                /** @description How many orders to return, 1 to 250 (default 50). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the site's orders, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Order"];
                };
            };
            /** @description An unknown `status`, a `q` too long, a bad `limit` or `cursor` */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    create_order: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateManualOrder"];
            };
        };
        responses: {
            /** @description The order */
            201: {
                headers: {
                    /** @description The new order's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Out of stock (`urn:vitrine:problem:out-of-stock`, with `lines: [{variant_id, requested, available}]`) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_order: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order with its history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    delete_order: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The order is paid or fulfilled (cancel it first), or its card payment is in progress */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    update_order: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateOrder"];
            };
        };
        responses: {
            /** @description The changed order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The order has shipped: its address cannot change */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        /** @description Optional; `reason` is at most 500 characters */
        requestBody?: {
            content: {
                "application/json": null | components["schemas"]["CancelOrder"];
            };
        };
        responses: {
            /** @description The canceled order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The order is fulfilled or already canceled (or its card payment is in progress) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Canceled, but the provider did not refund the card payment: cancel again to retry */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    fulfill: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        /** @description Optional; `{}` or no body at all fulfills without a tracking number */
        requestBody?: {
            content: {
                "application/json": null | components["schemas"]["FulfillOrder"];
            };
        };
        responses: {
            /** @description The fulfilled order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Malformed JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The order is not `paid` */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Request body too large */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Body is not `application/json` */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Invalid fields, listed in `errors` */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    mark_paid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The order's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The paid order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The order is not `pending_payment` (or its card payment is in progress) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    get_stats: {
        parameters: {
            query?: {
                /**
                 * @description The first UTC day included, `YYYY-MM-DD` (default: 29 days before `to`).
                 * @example 2026-11-01
                 */
                from?: string;
                /**
                 * @description The last UTC day included, `YYYY-MM-DD` (default: today).
                 * @example 2026-11-30
                 */
                to?: string;
            };
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The site's sales in the range */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Stats"];
                };
            };
            /** @description Invalid query parameters or cursor */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Missing, invalid or expired bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Path and query longer than 8 KiB (the server's limit, before any routing) */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A malformed date, `from` after `to`, or a range over 366 days */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unexpected server error (details are in the log, not the body) */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Database unreachable or service saturated; retry after `Retry-After` */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
}
