//! What every service's OpenAPI document and Swagger page share: the two ways
//! to authorize (a pasted bearer token, or username + password through the
//! builder's OAuth2 password-grant endpoint), the problem+json answers each
//! route can give, the Swagger UI router with its vendored assets, and
//! [`ApiInfo`]: the one way a service turns its routes into its app and its
//! document (so no service repeats the wiring).

use axum::Router;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{Flow, HttpAuthScheme, HttpBuilder, OAuth2, Password, Scopes, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{Content, OpenApi, RefOr, Response, ResponseBuilder};
use utoipa::openapi::{InfoBuilder, OpenApiBuilder};
use utoipa::{Modify, PartialSchema, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_swagger_ui::{Config, SwaggerUi};
use vitrine_models::{FieldError, Problem};

use crate::error::PROBLEM_JSON;

/// The builder's token endpoint that Swagger's "Authorize" dialog posts the
/// login form to (same origin in the all-in-one binary and behind the ingress).
pub const TOKEN_URL: &str = "/api/builder/auth/token";

/// Security scheme names, for `security(("bearer" = []))` on handlers.
pub const BEARER: &str = "bearer";
/// The OAuth2 password-flow scheme name.
pub const PASSWORD: &str = "password";

/// The customer service's token endpoint for shoppers (OAuth2 password grant:
/// the e-mail as `username`, the site's slug as `client_id`).
pub const SHOPPER_TOKEN_URL: &str = "/api/customer/auth/token";
/// The scheme name of a pasted shopper token, for `security(("shopper_bearer" = []))`.
pub const SHOPPER_BEARER: &str = "shopper_bearer";
/// The scheme name of the shoppers' OAuth2 password flow.
pub const SHOPPER_PASSWORD: &str = "shopper_password";

/// Adds the security schemes and the problem answers every route can give.
#[derive(Debug)]
pub struct Conventions;

impl Modify for Conventions {
    fn modify(&self, openapi: &mut OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some("Paste an `access_token` from POST /api/builder/auth/login."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            PASSWORD,
            SecurityScheme::OAuth2(OAuth2::with_description(
                [Flow::Password(Password::new(TOKEN_URL, Scopes::new()))],
                "Log in with your Vitrine username and password (client id and secret are not used).",
            )),
        );
        // Shopper schemes only in documents whose routes take shopper tokens,
        // so the merchant-only services' Authorize dialogs stay as they were.
        if uses_scheme(openapi, SHOPPER_BEARER) || uses_scheme(openapi, SHOPPER_PASSWORD) {
            add_shopper_schemes(openapi.components.get_or_insert_with(Default::default));
        }
        let components = openapi.components.get_or_insert_with(Default::default);
        components.schemas.insert("Problem".to_owned(), Problem::schema());
        components.schemas.insert("FieldError".to_owned(), FieldError::schema());
        for path in openapi.paths.paths.values_mut() {
            let has_path_params = path
                .parameters
                .iter()
                .flatten()
                .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path));
            for operation in operations(path) {
                add_problem_answers(operation, has_path_params);
            }
        }
    }
}

/// Whether any operation of `openapi` names the security scheme `name`.
fn uses_scheme(openapi: &OpenApi, name: &str) -> bool {
    openapi.paths.paths.values().any(|path| {
        [&path.get, &path.put, &path.post, &path.delete, &path.options, &path.head, &path.patch, &path.trace]
            .into_iter()
            .flatten()
            .flat_map(|operation| operation.security.iter().flatten())
            .any(|requirement| {
                // SecurityRequirement keeps its scheme names private; its JSON is `{name: scopes}`.
                serde_json::to_value(requirement).is_ok_and(|value| value.get(name).is_some())
            })
    })
}

/// The two ways to authorize as a shopper: a pasted shopper token, or the
/// e-mail and password through the customer service's password grant.
fn add_shopper_schemes(components: &mut utoipa::openapi::Components) {
    components.add_security_scheme(
        SHOPPER_BEARER,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT")
                .description(Some(
                    "A shopper token: paste an `access_token` from POST /api/customer/public/{site_slug}/login.",
                ))
                .build(),
        ),
    );
    components.add_security_scheme(
        SHOPPER_PASSWORD,
        SecurityScheme::OAuth2(OAuth2::with_description(
            [Flow::Password(Password::new(SHOPPER_TOKEN_URL, Scopes::new()))],
            "Log in as a shopper: your e-mail as username, your password, and the shop's slug as client_id \
             (client_secret is not used).",
        )),
    );
}

fn operations(path: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        path.get.as_mut(),
        path.put.as_mut(),
        path.post.as_mut(),
        path.delete.as_mut(),
        path.options.as_mut(),
        path.head.as_mut(),
        path.patch.as_mut(),
        path.trace.as_mut(),
    ]
    .into_iter()
    .flatten()
}

fn problem(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                PROBLEM_JSON,
                Content::new(Some(RefOr::Ref(utoipa::openapi::Ref::from_schema_name(Problem::name())))),
            )
            .build(),
    )
}

/// Documents every problem answer a route can give, derived from its shape,
/// so the document states each status the service really sends.
fn add_problem_answers(operation: &mut Operation, path_params: bool) {
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = operation.request_body.is_some();
    let has_query = operation
        .parameters
        .iter()
        .flatten()
        .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Query));
    let has_path = path_params
        || operation
            .parameters
            .iter()
            .flatten()
            .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path));
    let mut answers = vec![
        ("414", "Path and query longer than 8 KiB (the server's limit, before any routing)"),
        ("500", "Unexpected server error (details are in the log, not the body)"),
        ("503", "Database unreachable or service saturated; retry after `Retry-After`"),
    ];
    if secured {
        answers.push(("401", "Missing, invalid or expired bearer token"));
    }
    if has_path {
        answers.push(("404", "No such resource (or not yours)"));
    }
    if has_body {
        answers.push(("400", "Malformed JSON"));
        answers.push(("413", "Request body too large"));
        answers.push(("415", "Body is not `application/json`"));
        answers.push(("422", "Invalid fields, listed in `errors`"));
    }
    if has_query {
        answers.push(("400", "Invalid query parameters or cursor"));
    }
    for (status, description) in answers {
        operation.responses.responses.entry(status.to_owned()).or_insert_with(|| problem(description));
    }
}

/// Swagger UI at `/api/<service>/docs`, the document at `/api/<service>/openapi.json`.
pub fn swagger(service: &str, document: OpenApi) -> Router {
    let ui = SwaggerUi::new(format!("/api/{service}/docs"))
        .url(format!("/api/{service}/openapi.json"), document)
        .config(Config::default().persist_authorization(true).try_it_out_enabled(true));
    Router::new().merge(ui)
}

/// What a service says about itself: the head of its OpenAPI document. With
/// its routes (an [`OpenApiRouter`] built from its handlers), this is all a
/// service's `lib.rs` needs to serve its API, its document and its Swagger page:
///
/// ```ignore
/// pub const API: ApiInfo = ApiInfo { service: "promotion", title: "…", description: "…", tags: &[…] };
/// fn routes() -> OpenApiRouter<AppState> { OpenApiRouter::new().merge(promotions::routes()) }
/// pub fn app(state: AppState) -> Router { API.app(routes(), state) }
/// pub fn openapi() -> OpenApi { API.openapi(routes()) }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ApiInfo {
    /// The service's name: its `/api/<service>` prefix and Swagger paths.
    pub service: &'static str,
    /// The document's title (`Vitrine promotion API`).
    pub title: &'static str,
    /// What the API is for (Markdown); how to authorize and the error format are added.
    pub description: &'static str,
    /// The tags its operations use: `(name, description)`.
    pub tags: &'static [(&'static str, &'static str)],
}

impl ApiInfo {
    fn head(&self) -> OpenApi {
        let description = format!(
            "{}\n\n**Authorize**: use *password* with your username and password, or paste a token into *bearer*.\n\n\
             Every error is `application/problem+json` (RFC 9457).",
            self.description
        );
        OpenApiBuilder::new()
            .info(
                InfoBuilder::new()
                    .title(self.title)
                    .description(Some(description))
                    .version(env!("CARGO_PKG_VERSION"))
                    .build(),
            )
            .tags(Some(
                self.tags
                    .iter()
                    .map(|(name, description)| TagBuilder::new().name(*name).description(Some(*description)).build()),
            ))
            .build()
    }

    /// The service's router (state still to give) and its complete document:
    /// the conventions run on the full document, after every route is in it.
    pub fn split<S: Clone + Send + Sync + 'static>(&self, routes: OpenApiRouter<S>) -> (Router<S>, OpenApi) {
        let (router, mut document) = OpenApiRouter::with_openapi(self.head()).merge(routes).split_for_parts();
        utoipa::Modify::modify(&Conventions, &mut document);
        (router, document)
    }

    /// The service's app: its routes with `state`, plus its Swagger page and document.
    pub fn app<S: Clone + Send + Sync + 'static>(&self, routes: OpenApiRouter<S>, state: S) -> Router {
        let (router, document) = self.split(routes);
        router.with_state(state).merge(swagger(self.service, document))
    }

    /// The service's OpenAPI document alone (for `openapi.json` generation and tests).
    pub fn openapi<S: Clone + Send + Sync + 'static>(&self, routes: OpenApiRouter<S>) -> OpenApi {
        self.split(routes).1
    }
}

#[cfg(test)]
mod tests {
    use utoipa::openapi::HttpMethod;
    use utoipa::openapi::PathsBuilder;
    use utoipa::openapi::path::{OperationBuilder, PathItem};
    use utoipa::openapi::security::SecurityRequirement;

    use super::*;

    fn document(scheme: &str) -> OpenApi {
        let operation =
            OperationBuilder::new().security(SecurityRequirement::new(scheme, Vec::<String>::new())).build();
        OpenApiBuilder::new().paths(PathsBuilder::new().path("/x", PathItem::new(HttpMethod::Get, operation))).build()
    }

    fn schemes(mut document: OpenApi) -> Vec<String> {
        Conventions.modify(&mut document);
        document.components.map(|c| c.security_schemes.into_keys().collect()).unwrap_or_default()
    }

    #[test]
    fn merchant_only_documents_offer_no_shopper_authorization() {
        assert_eq!(schemes(document(BEARER)), [BEARER, PASSWORD]);
    }

    #[test]
    fn documents_with_shopper_routes_offer_both_kinds() {
        assert_eq!(schemes(document(SHOPPER_BEARER)), [BEARER, PASSWORD, SHOPPER_BEARER, SHOPPER_PASSWORD]);
    }
}
