// Generated from web/openapi/customer.json (the customer service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/customer/auth/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * OAuth2 password grant (RFC 6749 §4.3) for shoppers, for Swagger UI's
         *     "Authorize" dialog (*shopper_password*): `username` is the e-mail, and the
         *     shop's slug is the `client_id` — in the form, or as the user of an HTTP
         *     Basic `Authorization` header (`client_secret` is not used).
         */
        post: operations["token"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customer/public/{site_slug}/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange an e-mail and password for a shopper token of this shop.
         * @description Unknown e-mails and wrong passwords get the same answer, in the same time.
         *     The token is valid on this shop only, until it expires or the account logs out.
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customer/public/{site_slug}/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Log out everywhere: every shopper token of this account issued until now stops working. */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customer/public/{site_slug}/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My account on this shop. */
        get: operations["get_me"];
        put?: never;
        post?: never;
        /** Delete my account. Its orders stay with the shop (with their e-mail); every token of it stops working. */
        delete: operations["delete_me"];
        options?: never;
        head?: never;
        /** Change my name or default address: absent fields stay, `null` clears. */
        patch: operations["update_me"];
        trace?: never;
    };
    "/api/customer/public/{site_slug}/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account on a shop.
         * @description The e-mail is trimmed and unique per shop without regard to case; the same
         *     e-mail may hold an account on another shop. Log in afterwards for a token.
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customer/sites/{site_id}/customers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A site's customers, newest first; `q` narrows the list to e-mails or names containing it. */
        get: operations["list_customers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/customer/sites/{site_id}/customers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One customer of a site. */
        get: operations["get_customer"];
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
        /** @description A postal address, as the checkout form takes it. */
        Address: {
            /**
             * @description Who receives the parcel: 1 to 100 characters.
             * @example Ada Lovelace
             */
            name: string;
            /**
             * @description 1 to 200 characters.
             * @example 12 St James's Square
             */
            line1: string;
            /** @description Up to 200 characters. */
            line2?: string | null;
            /**
             * @description 1 to 100 characters.
             * @example London
             */
            city: string;
            /**
             * @description 1 to 20 characters.
             * @example SW1Y 4JH
             */
            postal_code: string;
            /**
             * @description ISO 3166-1 alpha-2, upper case.
             * @example GB
             */
            country: string;
        };
        /** @description A shopper's account on one site. */
        Customer: {
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description The site the account belongs to.
             */
            site_id: string;
            /**
             * @description As the shopper typed it (trimmed); unique per site without regard to case.
             * @example ada@example.com
             */
            email: string;
            /** @example Ada Lovelace */
            name?: string | null;
            default_address?: null | components["schemas"]["Address"];
            /** Format: date-time */
            created_at: string;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /** @description An e-mail and password, to log in. */
        Login: {
            /** @example ada@example.com */
            email: string;
            /**
             * Format: password
             * @example correct horse battery staple
             */
            password: string;
        };
        /** @description A page of a keyset-paginated list. */
        Page_Customer: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /**
                 * Format: uuid
                 * @description The site the account belongs to.
                 */
                site_id: string;
                /**
                 * @description As the shopper typed it (trimmed); unique per site without regard to case.
                 * @example ada@example.com
                 */
                email: string;
                /** @example Ada Lovelace */
                name?: string | null;
                default_address?: null | components["schemas"]["Address"];
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
        /** @description A new account. */
        Register: {
            /**
             * @description An e-mail address (trimmed; at most 254 characters).
             * @example ada@example.com
             */
            email: string;
            /**
             * Format: password
             * @description 8 to 128 characters, not only spaces.
             * @example correct horse battery staple
             */
            password: string;
            /**
             * @description 1 to 100 characters after trimming; absent or `null` for none.
             * @example Ada Lovelace
             */
            name?: string | null;
        };
        /**
         * @description An OAuth2 "password" grant for a shopper, as Swagger UI's Authorize dialog
         *     sends it: the e-mail as `username`, the site's slug as `client_id` (in the
         *     form, or as the user of an HTTP Basic `Authorization` header).
         */
        ShopperPasswordGrant: {
            /**
             * @description Must be `password`.
             * @example password
             */
            grant_type: string;
            /**
             * @description The account's e-mail.
             * @example ada@example.com
             */
            username: string;
            /** Format: password */
            password: string;
            /**
             * @description The slug of the site the account is on (or send it as the Basic user).
             * @example ma-super-boutique
             */
            client_id?: string | null;
            /** @description Not used. */
            client_secret?: string | null;
            /** @description Not used. */
            scope?: string | null;
        };
        /** @description A bearer token for the `Authorization` header. */
        TokenResponse: {
            /** @description An Ed25519-signed JWT. */
            access_token: string;
            /**
             * @description Always `Bearer`.
             * @example Bearer
             */
            token_type: string;
            /**
             * Format: int64
             * @description Seconds until the token expires.
             * @example 3600
             */
            expires_in: number;
        };
        /** @description Changes to my account: absent fields stay, `null` clears. */
        UpdateCustomer: {
            /**
             * @description 1 to 100 characters after trimming; `null` clears it.
             * @example Ada King
             */
            name?: string | null;
            default_address?: null | components["schemas"]["Address"];
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
    token: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/x-www-form-urlencoded": components["schemas"]["ShopperPasswordGrant"];
            };
        };
        responses: {
            /** @description Logged in (`Cache-Control: no-store`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
                };
            };
            /** @description grant_type is not `password`, the form is malformed, or client_id is not the slug of a live shop */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Unknown e-mail or wrong password */
            401: {
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
            /** @description Body is not a form */
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
    login: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Login"];
            };
        };
        responses: {
            /** @description Logged in (`Cache-Control: no-store`) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenResponse"];
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
            /** @description Unknown e-mail or wrong password */
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
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Logged out: this token and every other one of the account are revoked */
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
    get_me: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account the token belongs to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
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
    delete_me: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account is gone */
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
    update_me: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateCustomer"];
            };
        };
        responses: {
            /** @description The changed account */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
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
    register: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The shop's slug */
                site_slug: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Register"];
            };
        };
        responses: {
            /** @description Account created */
            201: {
                headers: {
                    /** @description The account's `me` URL */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
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
            /** @description An account of this shop has this e-mail (without regard to case) */
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
    list_customers: {
        parameters: {
            query?: {
                /** @description Text the e-mail or the name contains, without regard to case. */
                q?: string;
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
            /** @description A page of the site's customers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Customer"];
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
    get_customer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites */
                site_id: string;
                /** @description The customer's id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The customer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Customer"];
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
