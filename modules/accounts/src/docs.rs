//! The token endpoints in the OpenAPI document.

use tessera_kernel::openapi::{
    finish, json_response, request_body, request_schema, DETAIL_SCHEMA, ERRORS_SCHEMA,
};
use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItemBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ComponentsBuilder, OpenApi, OpenApiBuilder, PathsBuilder};

use crate::serializers::{OBTAIN_FIELDS, REFRESH_FIELDS};
use crate::views::{OBTAIN_DESCRIPTION, REFRESH_DESCRIPTION};

pub fn document() -> OpenApi {
    let token = |keys: &[&str]| {
        let mut object = ObjectBuilder::new().schema_type(Type::Object);
        for key in keys {
            object = object
                .property(*key, ObjectBuilder::new().schema_type(Type::String))
                .required(*key);
        }
        object.build()
    };
    let operation = |id: &str, description: &str, request: &str, response: &str| {
        let op = OperationBuilder::new()
            .tag("accounts")
            .operation_id(Some(id))
            .description(Some(description))
            .security(utoipa::openapi::security::SecurityRequirement::default())
            .request_body(Some(request_body(request)))
            .response("200", json_response("The tokens.", response))
            .response(
                "400",
                json_response("Missing or invalid fields.", ERRORS_SCHEMA),
            )
            .response(
                "401",
                json_response("Wrong credentials or an invalid token.", DETAIL_SCHEMA),
            )
            .response(
                "415",
                json_response("Unsupported media type.", DETAIL_SCHEMA),
            );
        PathItemBuilder::new()
            .operation(HttpMethod::Post, finish(op))
            .build()
    };
    OpenApiBuilder::new()
        .paths(
            PathsBuilder::new()
                .path(
                    "/api/accounts/token/",
                    operation(
                        "accounts_token_create",
                        OBTAIN_DESCRIPTION,
                        "TokenObtainPairRequest",
                        "TokenObtainPair",
                    ),
                )
                .path(
                    "/api/accounts/token/refresh/",
                    operation(
                        "accounts_token_refresh_create",
                        REFRESH_DESCRIPTION,
                        "TokenRefreshRequest",
                        "TokenRefresh",
                    ),
                )
                .build(),
        )
        .components(Some(
            ComponentsBuilder::new()
                .schema("TokenObtainPairRequest", request_schema(OBTAIN_FIELDS))
                .schema("TokenRefreshRequest", request_schema(REFRESH_FIELDS))
                .schema("TokenObtainPair", token(&["refresh", "access"]))
                .schema("TokenRefresh", token(&["access"]))
                .build(),
        ))
        .build()
}
