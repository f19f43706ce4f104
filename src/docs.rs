//! The OpenAPI document merged over every module, and Swagger UI served from the binary (vendored assets).

use tessera_kernel::openapi::{module_document, SECURITY_SCHEME};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use crate::settings::Settings;
use tessera_kernel::Module;
use utoipa::openapi::{InfoBuilder, OpenApi, OpenApiBuilder, Tag};
use utoipa_swagger_ui::SwaggerUi;

pub const OPENAPI_PATH: &str = "/api-docs/openapi.json";

/// One document for `modules`, in module order, with each module's security from its permission.
pub fn openapi(modules: &[&'static dyn Module], settings: &Settings) -> OpenApi {
    let info = InfoBuilder::new()
        .title("tessera")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "A modular monolith with Django REST framework's API contract. Each module owns its database and \
             is served under /api/{module}/.",
        ))
        .build();
    let mut document = OpenApiBuilder::new().info(info).build();
    let mut tags = Vec::new();
    for module in modules {
        document.merge(module_document(*module, settings.permission(*module)));
        let mut tag = Tag::new(module.name());
        tag.description = Some(format!(
            "The {} module, at /api/{}/",
            module.name(),
            module.name()
        ));
        tags.push(tag);
    }
    document.tags = Some(tags);
    let bearer = HttpBuilder::new()
        .scheme(HttpAuthScheme::Bearer)
        .bearer_format("JWT")
        .description(Some("An access token from POST /api/accounts/token/"))
        .build();
    document
        .components
        .get_or_insert_with(Default::default)
        .add_security_scheme(SECURITY_SCHEME, SecurityScheme::Http(bearer));
    document
}

/// Swagger UI at `/swagger-ui/`, reading the document at [`OPENAPI_PATH`].
pub fn swagger_ui(document: OpenApi) -> SwaggerUi {
    SwaggerUi::new("/swagger-ui/{_:.*}").url(OPENAPI_PATH, document)
}
