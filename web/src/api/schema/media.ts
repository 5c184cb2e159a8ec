// Generated from web/openapi/media.json (the media service's OpenAPI document)
// by web/scripts/gen-api.mjs. Do not edit: run `npm run gen:api`.

export type paths = {
    "/api/media/files/sites/{site_id}/{media_id}/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A stored image file (an upload or one of its versions). Public: the
         *     storefront shows them. Cached for a year: a key never changes content.
         */
        get: operations["get_file"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/public/{site_slug}/products/{product_id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's images in order, for the storefront. */
        get: operations["public_media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/sites/{site_id}/products/{product_id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product's images, in order (`sort_order`, then id). */
        get: operations["list_media"];
        put?: never;
        /** Add an image to a product. Without `sort_order`, it goes after the last one. */
        post: operations["create_media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/sites/{site_id}/products/{product_id}/media/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload an image file to a product: stored with resized web versions (320,
         *     800 and 1600 px wide, JPEG, never upscaled).
         */
        post: operations["upload_media"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/media/sites/{site_id}/products/{product_id}/media/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One image of a product. */
        get: operations["get_media"];
        put?: never;
        post?: never;
        /** Remove an image from a product. */
        delete: operations["delete_media"];
        options?: never;
        head?: never;
        /** Change an image: absent fields stay; `alt: null` removes the text alternative. */
        patch: operations["update_media"];
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        /** @description An image to add to a product. */
        CreateMedia: {
            /**
             * @description An absolute http(s) URL with a host, at most 2048 characters.
             * @example https://cdn.example.com/shoes/red-1.jpg
             */
            url: string;
            /** @description At most 500 characters. */
            alt?: string | null;
            /**
             * Format: int32
             * @description ≥ 0; absent: after the product's last image.
             */
            sort_order?: number | null;
        };
        /** @description One invalid field of a request. */
        FieldError: {
            /** @description The field's name as sent, dotted for nested fields (`variants.0.price`). */
            field: string;
            /** @description Why the value is not accepted. */
            message: string;
        };
        /** @description The broken-URL checker's verdict on an image URL. */
        LinkCheck: {
            /** @description `unchecked` (not fetched yet), `ok` (an image answered), `broken`. */
            status: components["schemas"]["LinkStatus"];
            /**
             * Format: int32
             * @description The HTTP status the URL answered with (`null`: none, e.g. no connection).
             */
            http_status?: number | null;
            /** @description The `Content-Type` it answered with. */
            content_type?: string | null;
            /** @description Why it is broken, in words. */
            error?: string | null;
            /** Format: date-time */
            checked_at?: string | null;
        };
        /**
         * @description See [`LinkCheck::status`].
         * @enum {string}
         */
        LinkStatus: "unchecked" | "ok" | "broken";
        /** @description An image of a product. */
        Media: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            product_id: string;
            /**
             * @description An absolute http(s) URL given by the merchant (at most 2048 characters),
             *     or, for an uploaded file, the path the media service serves it at
             *     (`/api/media/files/…`, on the same origin as the storefront).
             * @example https://cdn.example.com/shoes/red-1.jpg
             */
            url: string;
            /** @description `url`: given as a URL; `upload`: a file uploaded to Vitrine. */
            source: components["schemas"]["MediaSource"];
            /**
             * @description The text alternative (`null`: none given).
             * @example Red running shoe, side view
             */
            alt?: string | null;
            /**
             * Format: int32
             * @description Media are listed by ascending `sort_order`, then by id; the first is the product's cover.
             */
            sort_order: number;
            /**
             * Format: int32
             * @description The uploaded image's size in pixels (`null` for a given URL).
             */
            width?: number | null;
            /** Format: int32 */
            height?: number | null;
            /**
             * @description Resized web versions (JPEG, smallest first) of an upload, for a
             *     `srcset`; empty for a given URL.
             */
            versions: components["schemas"]["MediaVersion"][];
            /** @description What the broken-URL checker last found at a given URL (uploads are always `ok`). */
            check: components["schemas"]["LinkCheck"];
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
        };
        /**
         * @description Where an image comes from.
         * @enum {string}
         */
        MediaSource: "url" | "upload";
        /** @description A resized web version of an uploaded image. */
        MediaVersion: {
            /**
             * Format: int32
             * @example 800
             */
            width: number;
            /**
             * Format: int32
             * @example 600
             */
            height: number;
            /**
             * @description Served with `Cache-Control: public, max-age=31536000, immutable`.
             * @example /api/media/files/sites/0190…/0190…/w800.jpg
             */
            url: string;
        };
        /** @description A page of a keyset-paginated list. */
        Page_Media: {
            /** @description The items of this page, in the list's order. */
            items: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                product_id: string;
                /**
                 * @description An absolute http(s) URL given by the merchant (at most 2048 characters),
                 *     or, for an uploaded file, the path the media service serves it at
                 *     (`/api/media/files/…`, on the same origin as the storefront).
                 * @example https://cdn.example.com/shoes/red-1.jpg
                 */
                url: string;
                /** @description `url`: given as a URL; `upload`: a file uploaded to Vitrine. */
                source: components["schemas"]["MediaSource"];
                /**
                 * @description The text alternative (`null`: none given).
                 * @example Red running shoe, side view
                 */
                alt?: string | null;
                /**
                 * Format: int32
                 * @description Media are listed by ascending `sort_order`, then by id; the first is the product's cover.
                 */
                sort_order: number;
                /**
                 * Format: int32
                 * @description The uploaded image's size in pixels (`null` for a given URL).
                 */
                width?: number | null;
                /** Format: int32 */
                height?: number | null;
                /**
                 * @description Resized web versions (JPEG, smallest first) of an upload, for a
                 *     `srcset`; empty for a given URL.
                 */
                versions: components["schemas"]["MediaVersion"][];
                /** @description What the broken-URL checker last found at a given URL (uploads are always `ok`). */
                check: components["schemas"]["LinkCheck"];
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
        /** @description Changes to an image: absent fields stay as they are; `alt: null` removes the text alternative. */
        UpdateMedia: {
            url?: string | null;
            alt?: string | null;
            /** Format: int32 */
            sort_order?: number | null;
        };
        /** @description The form of an upload. */
        UploadForm: {
            /**
             * Format: binary
             * @description The image: JPEG, PNG, GIF or WebP (told by its bytes), at most `MEDIA_MAX_UPLOAD_BYTES`.
             */
            file: string;
            /** @description Its text alternative, at most 500 characters. */
            alt?: string | null;
            /**
             * Format: int32
             * @description ≥ 0; absent: after the product's last image.
             */
            sort_order?: number | null;
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
    get_file: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The site the image belongs to. */
                site_id: string;
                /** @description The image. */
                media_id: string;
                /** @description `original.<ext>` or a version, e.g. `w800.jpg`. */
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/*": number[];
                };
            };
            /** @description No such file */
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
    public_media: {
        parameters: {
            query?: {
                /** @description How many items to return, 1 to 250 (default 50). */
                limit?: number;
                /** @description The `next_cursor` of the previous page. */
                cursor?: string;
            };
            header?: never;
            path: {
                /** @description The site's slug. */
                site_slug: string;
                /** @description A product of that site. */
                product_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the product's images, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Media"];
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
    list_media: {
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
                /** @description A product of that site. */
                product_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the product's images */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Page_Media"];
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
    create_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description A product of that site. */
                product_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateMedia"];
            };
        };
        responses: {
            /** @description Image added */
            201: {
                headers: {
                    /** @description The new image's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
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
    upload_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description A product of that site. */
                product_id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["UploadForm"];
            };
        };
        responses: {
            /** @description Image stored */
            201: {
                headers: {
                    /** @description The new image's URL in this API */
                    location?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
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
            /** @description The file is larger than the limit */
            413: {
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
            /** @description Not a JPEG, PNG, GIF or WebP image */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description A field is invalid, or the image cannot be read */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
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
    get_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description A product of that site. */
                product_id: string;
                /** @description The image. */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
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
    delete_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description A product of that site. */
                product_id: string;
                /** @description The image. */
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
    update_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description One of your sites. */
                site_id: string;
                /** @description A product of that site. */
                product_id: string;
                /** @description The image. */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateMedia"];
            };
        };
        responses: {
            /** @description The changed image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Media"];
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
}
