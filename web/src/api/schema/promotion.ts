// Generated from web/openapi/promotion.json (the promotion service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/promotion/public/{site_slug}/promotions/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether a code applies now. Unknown and inactive codes, and codes that
         *     have not started yet, are 404 alike: a code announced for later must not
         *     leak its value and dates to whoever guesses it. An active code past its
         *     window or at its usage limit is a 200 with `applies_now: false` and the
         *     `reason` (`ended` or `used_up`), so a shop can tell the shopper why.
         */
        get: operations["check_code"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/promotion/sites/{site_id}/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A site's promotions, newest first. */
        get: operations["list_promotions"];
        put?: never;
        /** Create a promotion. */
        post: operations["create_promotion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/promotion/sites/{site_id}/promotions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One promotion of a site. */
        get: operations["get_promotion"];
        put?: never;
        post?: never;
        /** Delete a promotion. */
        delete: operations["delete_promotion"];
        options?: never;
        head?: never;
        /**
         * Change a promotion: absent fields stay; `null` clears `start_at` or `end_at`.
         *     The result is checked as a whole (a new `type` re-checks the `value`, a new `end_at` the window).
         */
        patch: operations["update_promotion"];
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description A promotion to create. */
        CreatePromotion: {
            /**
             * @description 3 to 32 of `A-Z a-z 0-9 _ -`.
             * @example SUMMER10
             */
            code: string;
            type: components["schemas"]["PromotionType"];
            /**
             * @description A decimal string: a percentage in (0, 100] with at most 4 decimals, or
             *     an amount > 0 with at most the decimals of `currency`.
             * @example 10
             */
            value: string;
            /**
             * @description Required for a fixed amount (an active ISO 4217 code in upper case); absent or `null` for a percentage.
             * @example EUR
             */
            currency?: string | null;
            /** Format: date-time */
            start_at?: string | null;
            /**
             * Format: date-time
             * @description After `start_at`.
             */
            end_at?: string | null;
            /** @description Default `true`. */
            active?: boolean | null;
            /**
             * Format: int32
             * @description How many orders may use the code: an integer ≥ 1, or absent or `null` for unlimited.
             * @example 100
             */
            usage_limit?: number | null;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /**
         * @description Why an active code does not apply now (the public look-up answers only `ended`: a code not started yet is a 404 there).
         * @enum {string}
         */
        NotApplying: "not_started" | "ended" | "used_up";
        /** @description A page of a keyset-paginated list. */
        Page_Promotion: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /**
                 * @description As the merchant spelled it; unique per site without regard to case.
                 * @example SUMMER10
                 */
                code: string;
                type: components["schemas"]["PromotionType"];
                /**
                 * @description An exact decimal string, never a float: a percentage, or an amount with
                 *     exactly the decimals of `currency`.
                 * @example 10.00
                 */
                value: string;
                /**
                 * @description The ISO 4217 currency of a fixed amount; `null` for a percentage.
                 * @example EUR
                 */
                currency?: string | null;
                /**
                 * Format: date-time
                 * @description When it starts to apply (`null`: already).
                 */
                start_at?: string | null;
                /**
                 * Format: date-time
                 * @description When it stops applying (`null`: never).
                 */
                end_at?: string | null;
                /** @description An inactive code is unknown to shoppers. */
                active: boolean;
                /**
                 * Format: int32
                 * @description How many orders may use the code (`null`: unlimited).
                 * @example 100
                 */
                usage_limit?: number | null;
                /**
                 * Format: int32
                 * @description How many orders use it now (read-only: checkout counts a use when an
                 *     order is placed and gives it back when the order is canceled or its
                 *     payment declined).
                 * @example 0
                 */
                times_used: number;
                /** Format: date-time */
                created_at: string;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** @description Pass as `?cursor=` to get the next page; `null` on the last page. */
            next_cursor?: string | null;
        };
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
        /** @description A discount code of a site. */
        Promotion: {
            /** Format: uuid */
            id: string;
            /**
             * @description As the merchant spelled it; unique per site without regard to case.
             * @example SUMMER10
             */
            code: string;
            type: components["schemas"]["PromotionType"];
            /**
             * @description An exact decimal string, never a float: a percentage, or an amount with
             *     exactly the decimals of `currency`.
             * @example 10.00
             */
            value: string;
            /**
             * @description The ISO 4217 currency of a fixed amount; `null` for a percentage.
             * @example EUR
             */
            currency?: string | null;
            /**
             * Format: date-time
             * @description When it starts to apply (`null`: already).
             */
            start_at?: string | null;
            /**
             * Format: date-time
             * @description When it stops applying (`null`: never).
             */
            end_at?: string | null;
            /** @description An inactive code is unknown to shoppers. */
            active: boolean;
            /**
             * Format: int32
             * @description How many orders may use the code (`null`: unlimited).
             * @example 100
             */
            usage_limit?: number | null;
            /**
             * Format: int32
             * @description How many orders use it now (read-only: checkout counts a use when an
             *     order is placed and gives it back when the order is canceled or its
             *     payment declined).
             * @example 0
             */
            times_used: number;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description What a shopper may know of an active code: whether it applies now, and if not, why. */
        PromotionCheck: {
            /** @description As the merchant spelled it. */
            code: string;
            type: components["schemas"]["PromotionType"];
            /** @example 10.00 */
            value: string;
            /** @description The currency of a fixed amount; `null` for a percentage. */
            currency?: string | null;
            /** Format: date-time */
            start_at?: string | null;
            /** Format: date-time */
            end_at?: string | null;
            /** @description Whether the code applies at the time of the request. */
            applies_now: boolean;
            reason?: null | components["schemas"]["NotApplying"];
        };
        /**
         * @description How a promotion's `value` reads.
         * @enum {string}
         */
        PromotionType: "percentage" | "fixed_amount";
        /** @description Changes to a promotion: absent fields stay as they are; `null` clears `start_at` or `end_at`. */
        UpdatePromotion: {
            code?: string | null;
            type?: null | components["schemas"]["PromotionType"];
            value?: string | null;
            /** @description Absent: kept, or dropped when `type` becomes `percentage`. */
            currency?: string | null;
            /** Format: date-time */
            start_at?: string | null;
            /** Format: date-time */
            end_at?: string | null;
            active?: boolean | null;
            /**
             * Format: int32
             * @description An integer ≥ 1, or `null` for unlimited; not below the code's `times_used` (422).
             */
            usage_limit?: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export interface operations {
    check_code: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description The code, in any case. */
                code: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The code is active and has started; `applies_now` says whether it still applies */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PromotionCheck"];
                };
            };
            /** @description No such code on this site, or not active, or not started yet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    list_promotions: {
        parameters: {
            query?: {
                /** @description How many items to return, 1 to 250 (default 50). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the site's promotions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Promotion"];
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
    create_promotion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreatePromotion"];
            };
        };
        responses: {
            /** @description Promotion created */
            201: {
                headers: {
                    /** @description The new promotion's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
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
            /** @description Another promotion of this site has this code (without regard to case) */
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
    get_promotion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description The item's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The promotion */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
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
    delete_promotion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description The item's id. */
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
    update_promotion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description The item's id. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdatePromotion"];
            };
        };
        responses: {
            /** @description The changed promotion */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Promotion"];
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
            /** @description Another promotion of this site has this code (without regard to case) */
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
}
