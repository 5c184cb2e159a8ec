// Generated from web/openapi/notifier.json (the notifier service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/notifier/sites/{site_id}/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A site's webhooks, newest first. */
        get: operations["list_webhooks"];
        put?: never;
        /**
         * Register a webhook. It starts enabled, with a new secret. The URL must be
         *     `https://` and resolve only to public addresses (checked now, and again on
         *     every delivery).
         */
        post: operations["create_webhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifier/sites/{site_id}/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook of a site. */
        get: operations["get_webhook"];
        put?: never;
        post?: never;
        /** Delete a webhook and its deliveries. */
        delete: operations["delete_webhook"];
        options?: never;
        head?: never;
        /**
         * Change a webhook: absent fields stay; `description: null` clears it;
         *     `enabled: false` stops its deliveries (pending ones wait until it is enabled again).
         */
        patch: operations["update_webhook"];
        trace?: never;
    };
    "/api/notifier/sites/{site_id}/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries, newest first. */
        get: operations["list_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifier/sites/{site_id}/webhooks/{id}/deliveries/{delivery_id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Attempt a delivery again now, whatever its status (a failed one gets one
         *     more attempt; a delivered one is sent again with the same `webhook-id`).
         */
        post: operations["retry_delivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifier/sites/{site_id}/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace a webhook's signing secret; the answer carries the new one. The
         *     old secret stops signing at once (attempts already in flight excepted).
         */
        post: operations["rotate_secret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifier/sites/{site_id}/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a `ping` event to the webhook now; the answer is its delivery, to follow. */
        post: operations["send_test"];
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
        /** @description A webhook to create (it starts enabled, with a new secret). */
        CreateWebhook: {
            /**
             * @description `https://` to a public address (at most 2048 characters).
             * @example https://example.com/hooks/vitrine
             */
            url: string;
            /**
             * @description One or more of `order.created`, `order.paid`, `order.fulfilled`,
             *     `order.canceled`, `order.deleted`; or `["*"]` for all.
             * @example [
             *       "*"
             *     ]
             */
            events: string[];
            /** @description What it is for (at most 500 characters). */
            description?: string | null;
        };
        /** @description One event sent (or to be sent) to one webhook, with its attempts. */
        Delivery: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The event's id: the `webhook-id` header of every attempt.
             */
            event_id: string;
            /**
             * @description `order.created`, `order.paid`, … or `ping`.
             * @example order.paid
             */
            event_type: string;
            status: components["schemas"]["DeliveryStatus"];
            /**
             * Format: int32
             * @description Attempts made so far.
             */
            attempts: number;
            /**
             * Format: int32
             * @description The HTTP status of the last answer, if one came.
             */
            last_status_code?: number | null;
            /**
             * @description Why the last attempt failed: a transport error, or the status with a
             *     short excerpt of the answer.
             */
            last_error?: string | null;
            /** Format: date-time */
            next_attempt_at?: string | null;
            /** Format: date-time */
            delivered_at?: string | null;
            /** Format: date-time */
            created_at: string;
        };
        /**
         * @description Where a delivery stands.
         * @enum {string}
         */
        DeliveryStatus: "pending" | "delivered" | "failed";
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /** @description A page of a keyset-paginated list. */
        Page_Delivery: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /**
                 * Format: uuid
                 * @description The event's id: the `webhook-id` header of every attempt.
                 */
                event_id: string;
                /**
                 * @description `order.created`, `order.paid`, … or `ping`.
                 * @example order.paid
                 */
                event_type: string;
                status: components["schemas"]["DeliveryStatus"];
                /**
                 * Format: int32
                 * @description Attempts made so far.
                 */
                attempts: number;
                /**
                 * Format: int32
                 * @description The HTTP status of the last answer, if one came.
                 */
                last_status_code?: number | null;
                /**
                 * @description Why the last attempt failed: a transport error, or the status with a
                 *     short excerpt of the answer.
                 */
                last_error?: string | null;
                /** Format: date-time */
                next_attempt_at?: string | null;
                /** Format: date-time */
                delivered_at?: string | null;
                /** Format: date-time */
                created_at: string;
            }[];
            /** @description Pass as `?cursor=` to get the next page; `null` on the last page. */
            next_cursor?: string | null;
        };
        /** @description A page of a keyset-paginated list. */
        Page_Webhook: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                site_id: string;
                /**
                 * @description Where events are POSTed: `https://` to a public address.
                 * @example https://example.com/hooks/vitrine
                 */
                url: string;
                /**
                 * @description The event types it receives, or `["*"]` for all of them.
                 * @example [
                 *       "order.paid",
                 *       "order.canceled"
                 *     ]
                 */
                events: string[];
                description?: string | null;
                /** @description A disabled endpoint gets nothing; the notifier disables one that answers 410. */
                enabled: boolean;
                /**
                 * @description The signing secret: `whsec_` + base64 of 24 random bytes. The HMAC-SHA256
                 *     key is the base64-decoded part after `whsec_`.
                 * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                 */
                secret: string;
                /** Format: date-time */
                created_at: string;
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
        /** @description Changes to a webhook: absent fields stay; `description: null` clears it. */
        UpdateWebhook: {
            url?: string | null;
            events?: string[] | null;
            description?: string | null;
            enabled?: boolean | null;
        };
        /** @description An endpoint that receives a site's order events, signed as Standard Webhooks. */
        Webhook: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            site_id: string;
            /**
             * @description Where events are POSTed: `https://` to a public address.
             * @example https://example.com/hooks/vitrine
             */
            url: string;
            /**
             * @description The event types it receives, or `["*"]` for all of them.
             * @example [
             *       "order.paid",
             *       "order.canceled"
             *     ]
             */
            events: string[];
            description?: string | null;
            /** @description A disabled endpoint gets nothing; the notifier disables one that answers 410. */
            enabled: boolean;
            /**
             * @description The signing secret: `whsec_` + base64 of 24 random bytes. The HMAC-SHA256
             *     key is the base64-decoded part after `whsec_`.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
            /** Format: date-time */
            created_at: string;
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
    list_webhooks: {
        parameters: {
            query?: {
                /** @description How many items to return, 1 to 250 (default 50). */
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
            /** @description A page of the site's webhooks */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Webhook"];
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
    create_webhook: {
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
                "application/json": components["schemas"]["CreateWebhook"];
            };
        };
        responses: {
            /** @description Webhook registered; `secret` signs its deliveries */
            201: {
                headers: {
                    /** @description The new webhook's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
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
            /** @description Invalid URL (scheme, private target), events or description */
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
    get_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
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
    delete_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
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
    update_webhook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhook"];
            };
        };
        responses: {
            /** @description The changed webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
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
            /** @description Invalid URL, events or description */
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
    list_deliveries: {
        parameters: {
            query?: {
                /** @description How many items to return, 1 to 250 (default 50). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the webhook's deliveries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Delivery"];
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
    retry_delivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description The webhook's id. */
                id: string;
                /** @description The delivery's id. */
                delivery_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery is due now */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
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
            /** @description The webhook is disabled, or an attempt is in flight */
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
    rotate_secret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The webhook with its new secret */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Webhook"];
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
    send_test: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The webhook's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The ping is on its way */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Delivery"];
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
            /** @description The webhook is disabled */
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
}
