// Generated from web/openapi/experiment.json (the experiment service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/experiment/public/{site_slug}/experiments/{id}/assignments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Assign a visitor to an arm, drawn by the weights of the traffic split.
         *     The same `user_key` always gets the same arm (the first draw is stored).
         *     Only while the experiment is running, within its window: 409 otherwise.
         */
        post: operations["assign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiment/public/{site_slug}/experiments/{id}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a storefront metric for an assigned visitor, credited to the visitor's arm.
         * @description Any metric of the storefront's own (`add_to_cart`, `scroll_depth`…) with a
         *     value from -1e9 to 1e9; not `conversion` nor `revenue` (in any case),
         *     which checkout records itself for each paid order (422). At most 100
         *     metrics per visitor and experiment (409 `metric-limit` beyond). 422 if
         *     the visitor has no assignment; 409 unless the experiment is running or paused.
         */
        post: operations["record_metric"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiment/sites/{site_id}/experiments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A site's experiments, newest first. */
        get: operations["list_experiments"];
        put?: never;
        /** Create an experiment (a draft unless `status` says `running`). */
        post: operations["create_experiment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/experiment/sites/{site_id}/experiments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One experiment of a site. */
        get: operations["get_experiment"];
        put?: never;
        post?: never;
        /** Delete an experiment, with its assignments and metrics. */
        delete: operations["delete_experiment"];
        options?: never;
        head?: never;
        /**
         * Change an experiment: absent fields stay; `null` clears `start_at` or `end_at`.
         * @description Status moves `draft` → `running` ⇄ `paused` → `completed` (or straight to
         *     `completed`); anything else is a 409. `traffic_split` may change only in a
         *     draft (409 otherwise): visitors already drawn keep their arm.
         */
        patch: operations["update_experiment"];
        trace?: never;
    };
    "/api/experiment/sites/{site_id}/experiments/{id}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * An experiment's results: per arm of its split, the number of assigned
         *     visitors; per metric, the count, sum and mean of the observations; and
         *     from the paid orders checkout recorded, the visitors who converted, the
         *     conversion rate, the revenue and the revenue per visitor.
         */
        get: operations["experiment_results"];
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
        /** @description One arm's results. */
        ArmResults: {
            /** @example green */
            arm: string;
            /**
             * Format: int64
             * @description The arm's weight in the traffic split.
             */
            weight: number;
            /**
             * Format: int64
             * @description How many visitors were assigned to it.
             */
            users: number;
            /**
             * @description Per metric name, in name order (storefront metrics, and checkout's
             *     `conversion` and `revenue` as raw observations).
             */
            metrics: components["schemas"]["MetricSummary"][];
            /**
             * Format: int64
             * @description Visitors assigned to the arm (the same as `users`).
             * @example 1200
             */
            visitors: number;
            /**
             * Format: int64
             * @description Visitors of the arm who placed at least one paid order (recorded by checkout).
             * @example 36
             */
            conversions: number;
            /**
             * Format: double
             * @description `conversions / visitors`, from 0 to 1 (0 without visitors).
             * @example 0.03
             */
            conversion_rate: number;
            /**
             * @description The arm's paid orders' total, an exact decimal string in `currency`.
             *     Orders in another currency than the experiment's (a shop selling in
             *     several) are not added: they appear in `metrics` only.
             * @example 2154.60
             */
            revenue: string;
            /**
             * @description `revenue / visitors`, rounded half up to the currency's decimals.
             * @example 1.80
             */
            revenue_per_visitor: string;
            /**
             * @description The ISO 4217 currency of `revenue`: the currency of most of the
             *     experiment's orders, the same for every arm; `null` before the first order.
             * @example EUR
             */
            currency?: string | null;
        };
        /** @description The arm a visitor is in; the same for every request with the same key. */
        Assignment: {
            /** Format: uuid */
            experiment_id: string;
            user_key: string;
            /** @example green */
            arm: string;
        };
        /** @description A visitor to assign to an arm. */
        AssignmentRequest: {
            /**
             * @description An opaque, stable key for the visitor (a cookie value, a customer id): 1 to 128 characters.
             * @example visitor-42
             */
            user_key: string;
        };
        /** @description An experiment to create. */
        CreateExperiment: {
            /**
             * @description 1 to 100 characters after trimming.
             * @example Green checkout button
             */
            name: string;
            status?: null | components["schemas"]["ExperimentStatus"];
            /**
             * @description At least two arms (names of 1 to 64 `A-Z a-z 0-9 _ -`), integer weights ≥ 0 summing to 100.
             * @example {
             *       "control": 50,
             *       "green": 50
             *     }
             */
            traffic_split: {
                [key: string]: number;
            };
            /** Format: date-time */
            start_at?: string | null;
            /**
             * Format: date-time
             * @description After `start_at`.
             */
            end_at?: string | null;
        };
        /** @description An A/B experiment of a site. */
        Experiment: {
            /** Format: uuid */
            id: string;
            /** @example Green checkout button */
            name: string;
            status: components["schemas"]["ExperimentStatus"];
            /**
             * @description Arm name → integer weight: at least two arms, weights ≥ 0 summing to 100.
             * @example {
             *       "control": 50,
             *       "green": 50
             *     }
             */
            traffic_split: {
                [key: string]: number;
            };
            /**
             * Format: date-time
             * @description Visitors are assigned from then on (`null`: as soon as it runs).
             */
            start_at?: string | null;
            /**
             * Format: date-time
             * @description No visitor is assigned from then on (`null`: until stopped).
             */
            end_at?: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /** @description An experiment's results, per arm (every arm of the split, in name order). */
        ExperimentResults: {
            /** Format: uuid */
            experiment_id: string;
            status: components["schemas"]["ExperimentStatus"];
            arms: components["schemas"]["ArmResults"][];
        };
        /**
         * @description Where an experiment is in its life.
         * @enum {string}
         */
        ExperimentStatus: "draft" | "running" | "paused" | "completed";
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /** @description A recorded observation. */
        Metric: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            experiment_id: string;
            /** @description The visitor's arm when it was recorded. */
            arm: string;
            metric_name: string;
            /** Format: double */
            metric_value: number;
            /** Format: date-time */
            ts: string;
        };
        /** @description One metric's aggregate within one arm. */
        MetricSummary: {
            /** @example checkout */
            metric_name: string;
            /**
             * Format: int64
             * @description How many observations.
             */
            count: number;
            /**
             * Format: double
             * @description Their sum.
             */
            sum: number;
            /**
             * Format: double
             * @description Their mean.
             */
            mean: number;
        };
        /** @description A page of a keyset-paginated list. */
        Page_Experiment: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /** @example Green checkout button */
                name: string;
                status: components["schemas"]["ExperimentStatus"];
                /**
                 * @description Arm name → integer weight: at least two arms, weights ≥ 0 summing to 100.
                 * @example {
                 *       "control": 50,
                 *       "green": 50
                 *     }
                 */
                traffic_split: {
                    [key: string]: number;
                };
                /**
                 * Format: date-time
                 * @description Visitors are assigned from then on (`null`: as soon as it runs).
                 */
                start_at?: string | null;
                /**
                 * Format: date-time
                 * @description No visitor is assigned from then on (`null`: until stopped).
                 */
                end_at?: string | null;
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
        /**
         * @description An observation for an assigned visitor, posted by a storefront.
         *
         *     A storefront may post any metric of its own (`add_to_cart`, `scroll_depth`,
         *     `time_on_page_ms`…) except `conversion` and `revenue`, in any case: those
         *     come from checkout itself, one per paid order, and a storefront cannot
         *     post them (422). Each visitor may have at most 100 storefront metrics per
         *     experiment (409 `urn:vitrine:problem:metric-limit` beyond).
         */
        RecordMetric: {
            /**
             * @description The key the visitor was assigned with.
             * @example visitor-42
             */
            user_key: string;
            /**
             * @description 1 to 64 of `A-Z a-z 0-9 _ . -`; not `conversion` nor `revenue`.
             * @example add_to_cart
             */
            metric_name: string;
            /**
             * Format: double
             * @description A finite number from -1,000,000,000 to 1,000,000,000 (1 for an event, a count, a duration…).
             * @example 1
             */
            metric_value: number;
        };
        /**
         * @description Changes to an experiment: absent fields stay; `null` clears `start_at` or `end_at`.
         *
         *     Status moves `draft` → `running` ⇄ `paused` → `completed` (`draft` and
         *     `running` may also go straight to `completed`); `completed` is final.
         *     `traffic_split` may change only while the experiment is a draft.
         */
        UpdateExperiment: {
            name?: string | null;
            status?: null | components["schemas"]["ExperimentStatus"];
            traffic_split?: {
                [key: string]: number;
            } | null;
            /** Format: date-time */
            start_at?: string | null;
            /** Format: date-time */
            end_at?: string | null;
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
    assign: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug */
                site_slug: string;
                /** @description The experiment's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AssignmentRequest"];
            };
        };
        responses: {
            /** @description The visitor's arm (the same on every call) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Assignment"];
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
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is not running */
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
    record_metric: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site's slug */
                site_slug: string;
                /** @description The experiment's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecordMetric"];
            };
        };
        responses: {
            /** @description Recorded */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Metric"];
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
            /** @description No such resource (or not yours) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description The experiment is a draft or completed, or the visitor has posted 100 metrics in it */
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
    list_experiments: {
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
            /** @description A page of the site's experiments */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Experiment"];
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
    create_experiment: {
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
                "application/json": components["schemas"]["CreateExperiment"];
            };
        };
        responses: {
            /** @description Experiment created */
            201: {
                headers: {
                    /** @description The new experiment's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
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
    get_experiment: {
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
            /** @description The experiment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
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
    delete_experiment: {
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
    update_experiment: {
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
                "application/json": components["schemas"]["UpdateExperiment"];
            };
        };
        responses: {
            /** @description The changed experiment */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Experiment"];
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
            /** @description Not a possible status change, or the split of an experiment that is no longer a draft */
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
    experiment_results: {
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
            /** @description Results per arm */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ExperimentResults"];
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
}
