//! A module's OpenAPI document, derived from the same declarations that drive validation and metadata: every
//! operation with its parameters, request body, success and error responses.

use utoipa::openapi::path::{
    HttpMethod, Operation, OperationBuilder, ParameterBuilder, ParameterIn, PathItemBuilder,
};
use utoipa::openapi::request_body::RequestBodyBuilder;
use utoipa::openapi::schema::{
    AnyOfBuilder, ArrayBuilder, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, OpenApi, OpenApiBuilder, PathItem, PathsBuilder, Ref, RefOr,
    Required, ResponseBuilder,
};

use actix_web::http::Method;
use utoipa::openapi::security::SecurityRequirement;

use crate::auth::Permission;
use crate::http::endpoint::{Action, Handler, View};
use crate::module::{Module, Mount};

mod examples;
mod list_params;
mod range;
mod schemas;

pub use schemas::ALSO_ACCEPTS;
use schemas::{object_schema, Use};

const JSON: &str = "application/json";
/// Schema names shared by every module.
pub const DETAIL_SCHEMA: &str = "Detail";
pub const ERRORS_SCHEMA: &str = "ValidationErrors";

/// The security scheme every protected operation names: `Authorization: Bearer <access token>`.
pub const SECURITY_SCHEME: &str = "jwtAuth";

/// The paths and schemas of every resource of `module`, with the security its `permission` asks for.
pub fn module_document(module: &dyn Module, permission: Permission) -> OpenApi {
    let mut paths = PathsBuilder::new();
    let mut components = ComponentsBuilder::new()
        .schema(DETAIL_SCHEMA, detail_schema())
        .schema(ERRORS_SCHEMA, errors_schema());
    for mount in module.resources().into_iter().chain(module.nested()) {
        let api_path = mount.api_path(module.name());
        let permission = mount.spec.permission_or(permission);
        let (list, detail) = resource_paths(module.name(), &api_path, &mount, permission);
        let actions = mount.spec.actions;
        if actions.list || actions.create {
            paths = paths.path(format!("/api/{api_path}/"), list);
        }
        if actions.retrieve || actions.update || actions.partial_update || actions.destroy {
            paths = paths.path(format!("/api/{api_path}/{{id}}/"), detail);
        }
        let model = mount.spec.model_name;
        // Below a parent, the parent's foreign key is the URL's: read-only in the request schemas.
        let fields: Vec<crate::fields::Field> = mount
            .spec
            .fields
            .iter()
            .map(|f| match mount.nested {
                Some((nested, _)) if nested.via == f.name => f.read_only(),
                _ => *f,
            })
            .collect();
        let request = request_name(&mount);
        components = components.schema(model, object_schema(mount.spec.fields, Use::Response));
        if actions.create || actions.update {
            components = components.schema(
                format!("{request}Request"),
                object_schema(&fields, Use::Request),
            );
        }
        if actions.partial_update {
            components = components.schema(
                format!("Patched{request}Request"),
                object_schema(&fields, Use::Patch),
            );
        }
        if actions.list {
            components = components.schema(
                format!("Paginated{model}List"),
                paginated_schema(model, mount.spec.pagination),
            );
        }
    }
    for view in module.views() {
        let mut item = PathItemBuilder::new();
        for handler in &view.handlers {
            let (name, fields) = handler.response;
            components = components.schema(name, object_schema(fields, Use::Response));
            if let Some((name, fields)) = handler.request {
                components = components.schema(
                    format!("{name}Request"),
                    object_schema(fields, Use::Request),
                );
            }
            item = item.operation(
                http_method(&handler.method),
                finish(view_operation(module.name(), &view, handler, permission)),
            );
        }
        paths = paths.path(
            format!("/api/{}/{}", module.name(), view.path),
            item.build(),
        );
    }
    OpenApiBuilder::new()
        .paths(paths.build())
        .components(Some(components.build()))
        .build()
}

fn http_method(method: &Method) -> HttpMethod {
    match *method {
        Method::POST => HttpMethod::Post,
        Method::PUT => HttpMethod::Put,
        Method::PATCH => HttpMethod::Patch,
        Method::DELETE => HttpMethod::Delete,
        _ => HttpMethod::Get,
    }
}

/// A custom view's operation: its id from its path (`accounts_token_refresh_create`), its security from whether
/// it reads tokens and who may call it, its bodies and errors.
fn view_operation(
    module: &str,
    view: &View,
    handler: &Handler,
    permission: Permission,
) -> OperationBuilder {
    let action = match handler.method {
        Method::POST => "create",
        Method::PUT => "update",
        Method::PATCH => "partial_update",
        Method::DELETE => "destroy",
        _ => "retrieve",
    };
    // `books/{id}/reprint/` -> `books_reprint`, as drf-spectacular names an action's operation.
    let stem = view
        .path
        .split('/')
        .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
        .collect::<Vec<_>>()
        .join("_")
        .replace('-', "_");
    let permission = view.permission.unwrap_or(permission);
    let mut op = OperationBuilder::new()
        .tag(module)
        .operation_id(Some(format!("{module}_{stem}_{action}")))
        .description(Some(view.description));
    match view.action {
        Some(Action { spec, detail: true }) => {
            op = op.parameter(id_parameter(spec.model_name)).response(
                "404",
                json_response(
                    &format!("No {} has this id.", spec.model_name),
                    DETAIL_SCHEMA,
                ),
            );
        }
        Some(Action {
            spec,
            detail: false,
        }) if handler.method == Method::GET => {
            for parameter in list_params::filtering(spec) {
                op = op.parameter(parameter);
            }
            op = op.response(
                "400",
                json_response("A filter value is invalid.", ERRORS_SCHEMA),
            );
        }
        _ => {}
    }
    // An operation anyone may call names no security at all: generators type `[{}, {jwtAuth: []}]` as needing
    // a token (openapi-python-client asks for an AuthenticatedClient).
    if view.authenticates && !permission.anonymous_may(&handler.method) {
        op = op.security(SecurityRequirement::new::<_, _, &str>(SECURITY_SCHEME, []));
    }
    op = op.response(
        handler.status.as_str(),
        json_response(handler.answer, handler.response.0),
    );
    if view.throttle_scope.is_some() {
        op = op.response(
            "429",
            json_response(
                "Too many attempts from this client: wait `Retry-After` seconds.",
                DETAIL_SCHEMA,
            ),
        );
    }
    if let Some((name, _)) = handler.request {
        op = op
            .request_body(Some(request_body(&format!("{name}Request"))))
            .response(
                "400",
                json_response("Missing or invalid fields.", ERRORS_SCHEMA),
            )
            .response(
                "415",
                json_response("Unsupported media type.", DETAIL_SCHEMA),
            );
    }
    op
}

/// The request schemas' name: the model's, below a parent the parent's and the model's (`AuthorBook`).
fn request_name(mount: &Mount) -> String {
    match mount.nested {
        Some((nested, _)) => format!("{}{}", nested.parent.model_name, mount.spec.model_name),
        None => mount.spec.model_name.to_owned(),
    }
}

fn resource_paths(
    module: &str,
    api_path: &str,
    mount: &Mount,
    permission: Permission,
) -> (PathItem, PathItem) {
    let spec = mount.spec;
    let model = spec.model_name;
    let request = request_name(mount);
    // `library/authors/{author_pk}/books` -> `library_authors_books`.
    let id = api_path
        .split('/')
        .filter(|segment| !segment.starts_with('{'))
        .collect::<Vec<_>>()
        .join("_");
    let parent = mount.nested.map(|(nested, _)| {
        ParameterBuilder::new()
            .name(nested.param())
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some(format!("The {}'s id.", nested.parent.model_name)))
            .schema(Some(
                ObjectBuilder::new().schema_type(Type::Integer).build(),
            ))
            .build()
    });
    let op = |name: &str, summary: String| {
        let method = match name {
            "list" | "retrieve" => Method::GET,
            "create" => Method::POST,
            "update" => Method::PUT,
            "partial_update" => Method::PATCH,
            _ => Method::DELETE,
        };
        let mut operation = OperationBuilder::new()
            .tag(module)
            .operation_id(Some(format!("{id}_{name}")))
            .summary(Some(summary));
        if let Some(parent) = &parent {
            operation = operation.parameter(parent.clone()).response(
                "404",
                json_response("No object has this id.", DETAIL_SCHEMA),
            );
        }
        // Open operations name no security (see `view_operation`); a token sent to them is still verified.
        if !permission.anonymous_may(&method) {
            operation =
                operation.security(SecurityRequirement::new::<_, _, &str>(SECURITY_SCHEME, []));
        }
        if permission.staff_only(&method) {
            operation = operation.response(
                "403",
                json_response("Only staff may do this.", DETAIL_SCHEMA),
            );
        }
        operation
    };
    let mut list = op("list", format!("List {model} objects, a page at a time"));
    for parameter in list_params::parameters(spec) {
        list = list.parameter(parameter);
    }
    let list = list
        .response(
            "200",
            json_response("A page of results.", &format!("Paginated{model}List")),
        )
        .response(
            "400",
            json_response("A filter value is invalid.", ERRORS_SCHEMA),
        )
        .response("404", json_response("Invalid page.", DETAIL_SCHEMA));
    let create = op("create", format!("Create a {model}"))
        .request_body(Some(request_body(&format!("{request}Request"))))
        .response("201", json_response("The created object.", model));
    let create = body_errors(create);
    let not_found = |o: OperationBuilder| {
        o.parameter(id_parameter(model)).response(
            "404",
            json_response(&format!("No {model} has this id."), DETAIL_SCHEMA),
        )
    };
    let with_body = |o: OperationBuilder, schema: &str| {
        let o = o.request_body(Some(body_of(schema, !schema.starts_with("Patched"))));
        body_errors(o.response("200", json_response("The updated object.", model)))
    };
    let retrieve = not_found(op("retrieve", format!("Retrieve a {model}")))
        .response("200", json_response("The object.", model));
    let update = with_body(
        not_found(op("update", format!("Replace a {model}'s writable fields"))),
        &format!("{request}Request"),
    );
    let partial = with_body(
        not_found(op(
            "partial_update",
            format!("Change some of a {model}'s fields"),
        )),
        &format!("Patched{request}Request"),
    );
    let destroy = not_found(op("destroy", format!("Delete a {model}"))).response(
        "204",
        ResponseBuilder::new().description("Deleted.").build(),
    );
    let actions = spec.actions;
    let mut list_item = PathItemBuilder::new();
    for (served, method, operation) in [
        (actions.list, HttpMethod::Get, list),
        (actions.create, HttpMethod::Post, create),
    ] {
        if served {
            list_item = list_item.operation(method, finish(operation));
        }
    }
    let mut detail_item = PathItemBuilder::new();
    for (served, method, operation) in [
        (actions.retrieve, HttpMethod::Get, retrieve),
        (actions.update, HttpMethod::Put, update),
        (actions.partial_update, HttpMethod::Patch, partial),
        (actions.destroy, HttpMethod::Delete, destroy),
    ] {
        if served {
            detail_item = detail_item.operation(method, finish(operation));
        }
    }
    (list_item.build(), detail_item.build())
}

/// The `{id}` of a detail URL.
fn id_parameter(model: &str) -> ParameterBuilder {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .description(Some(format!("The {model}'s id.")))
        .schema(Some(
            ObjectBuilder::new().schema_type(Type::Integer).build(),
        ))
}

/// Adds the errors of an operation that reads a body.
fn body_errors(op: OperationBuilder) -> OperationBuilder {
    op.response(
        "400",
        json_response("Invalid fields or a malformed body.", ERRORS_SCHEMA),
    )
    .response(
        "413",
        json_response("The body is too large.", DETAIL_SCHEMA),
    )
    .response(
        "415",
        json_response("Unsupported media type.", DETAIL_SCHEMA),
    )
}

/// Adds the errors every operation can give.
pub fn finish(op: OperationBuilder) -> Operation {
    op.response(
        "401",
        json_response(
            "No credentials where they are required, or a bad token.",
            DETAIL_SCHEMA,
        ),
    )
    .response(
        "406",
        json_response("The Accept header admits no JSON.", DETAIL_SCHEMA),
    )
    .response(
        "503",
        json_response("The module's database is unavailable.", DETAIL_SCHEMA),
    )
    .build()
}

pub(crate) fn schema_ref(name: &str) -> RefOr<Schema> {
    RefOr::Ref(Ref::from_schema_name(name))
}

pub fn json_response(description: &str, schema: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref(schema)))
                .build(),
        )
        .build()
}

/// A JSON body of the named schema. The server also reads form bodies, but a document that lists both media types
/// with one schema makes generators emit a union they cannot dispatch (openapi-python-client sent forms).
pub fn request_body(schema: &str) -> utoipa::openapi::request_body::RequestBody {
    body_of(schema, true)
}

/// A body that may be left out: PATCH with no body changes nothing and returns the object.
fn body_of(schema: &str, required: bool) -> utoipa::openapi::request_body::RequestBody {
    let required = if required {
        Required::True
    } else {
        Required::False
    };
    RequestBodyBuilder::new()
        .required(Some(required))
        .content(
            JSON,
            ContentBuilder::new()
                .schema(Some(schema_ref(schema)))
                .build(),
        )
        .build()
}

/// A page's body: `count`, `next`, `previous`, `results`; a cursor's has no count.
fn paginated_schema(model: &str, pagination: crate::resource::Pagination) -> Schema {
    let nullable_uri =
        || ObjectBuilder::new().schema_type(SchemaType::Array(vec![Type::String, Type::Null]));
    let counted = !matches!(pagination, crate::resource::Pagination::Cursor { .. });
    let mut object = ObjectBuilder::new().schema_type(Type::Object);
    if counted {
        object = object
            .property(
                "count",
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(0)),
            )
            .required("count");
    }
    object
        .property("next", nullable_uri())
        .property("previous", nullable_uri())
        .property("results", ArrayBuilder::new().items(schema_ref(model)))
        .required("next")
        .required("previous")
        .required("results")
        .build()
        .into()
}

fn detail_schema() -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("detail", ObjectBuilder::new().schema_type(Type::String))
        .required("detail")
        .build()
        .into()
}

/// `{"field":["message", ...]}`, or `{"detail":"..."}` for a malformed body.
fn errors_schema() -> Schema {
    let messages =
        ArrayBuilder::new().items(ObjectBuilder::new().schema_type(Type::String).build());
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .additional_properties(Some(Schema::AnyOf(
            AnyOfBuilder::new()
                .item(messages)
                .item(ObjectBuilder::new().schema_type(Type::String))
                .build(),
        )))
        .build()
        .into()
}
