//! `#[derive(Resource)]`: a struct and its `#[resource(...)]` choices read as a model, its serializer and its
//! viewset, then written out as the kernel's `Resource` implementation, the row's reading and serialization, and
//! a typed key per field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::choices::{choices, lookup_variant, PathRef};
use crate::field::{FieldDecl, Kind};
use crate::names;

/// The struct's named fields, parsed.
pub fn fields(input: &DeriveInput) -> syn::Result<Vec<FieldDecl>> {
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "declare a struct with named fields",
        ));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new(
            input.span(),
            "declare a struct with named fields",
        ));
    };
    named.named.iter().map(FieldDecl::parse).collect()
}

/// A path in `filter(..)`, `search(..)` or `ordering(..)` must start at a field that can serve there; one that
/// crosses a foreign key names the target's field, which a constant of the target must exist for (checked by
/// the compiler where the target is declared).
fn check_path(
    path: &PathRef,
    fields: &[FieldDecl],
    what: &str,
    text_only: bool,
) -> syn::Result<Option<TokenStream>> {
    let known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let Some(field) = fields.iter().find(|f| f.name == path.head()) else {
        return Err(syn::Error::new(
            path.span,
            format!(
                "no field `{}` to {what}; the fields are {}",
                path.head(),
                known.join(", ")
            ),
        ));
    };
    if !field.readable() || !field.stored() {
        return Err(syn::Error::new(
            path.span,
            format!(
                "`{}` is not a stored, shown field: it cannot {what}",
                field.name
            ),
        ));
    }
    let Some(tail) = path.tail() else {
        if text_only && field.kind != Kind::String {
            return Err(syn::Error::new(
                path.span,
                format!("`{}` is not text: search looks in text fields", field.name),
            ));
        }
        return Ok(None);
    };
    let Some(target) = &field.foreign_key else {
        return Err(syn::Error::new(
            path.span,
            format!(
                "`{}` is no foreign key: `{}` cannot go through it",
                field.name, path.path
            ),
        ));
    };
    let constant = syn::Ident::new(&names::constant(tail), path.span);
    Ok(Some(quote!(let _ = <#target>::#constant;)))
}

/// Related fields and counts name fields of other resources: checked through those resources' constants.
fn check_sources(fields: &[FieldDecl]) -> syn::Result<Vec<TokenStream>> {
    let mut checks = Vec::new();
    for field in fields {
        if let Some((via, target_field)) = &field.related {
            let Some(target) = fields
                .iter()
                .find(|f| &f.name == via)
                .and_then(|f| f.foreign_key.as_ref())
            else {
                return Err(syn::Error::new(
                    field.span,
                    format!("`{via}` is no foreign key of this resource"),
                ));
            };
            let (constant, ty) = (
                syn::Ident::new(&names::constant(target_field), field.span),
                &field.ty,
            );
            checks.push(quote!(let _: ::tessera_kernel::value::Key<#ty> = <#target>::#constant;));
        }
        if let (Some(of), Some(via)) = (&field.count_of, &field.via) {
            let constant = syn::Ident::new(&names::constant(&via.to_string()), via.span());
            checks.push(quote!(let _ = <#of>::#constant;));
        }
    }
    Ok(checks)
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let choices = choices(input)?;
    let fields = fields(input)?;
    if !fields.iter().any(|f| f.primary_key) {
        return Err(syn::Error::new(
            input.span(),
            "a resource needs `pub id: i64`, its primary key",
        ));
    }
    let mut checks = check_sources(&fields)?;
    for filter in &choices.filters {
        checks.extend(check_path(&filter.path, &fields, "filter by", false)?);
    }
    for (path, _) in &choices.search {
        checks.extend(check_path(path, &fields, "search in", true)?);
    }
    for path in &choices.ordering {
        checks.extend(check_path(path, &fields, "order by", false)?);
    }
    let owners: Vec<&FieldDecl> = fields.iter().filter(|f| f.owner).collect();
    if owners.len() > 1 {
        return Err(syn::Error::new(
            owners[1].span,
            "a resource has at most one owner field",
        ));
    }
    let ident = &input.ident;
    let model_name = &choices.model_name;
    let verbose_name = choices
        .verbose_name
        .clone()
        .unwrap_or_else(|| names::verbose_name(model_name));
    let view_name = choices
        .view_name
        .clone()
        .unwrap_or_else(|| names::view_name(model_name));
    let table = choices
        .table
        .clone()
        .unwrap_or_else(|| names::table(model_name));
    let path = &choices.path;
    let field_consts = fields.iter().map(FieldDecl::field_tokens);
    let mut filters = Vec::new();
    for filter in &choices.filters {
        for lookup in &filter.lookups {
            let variant = lookup_variant(lookup)?;
            let path = &filter.path.path;
            let param = if lookup == "exact" {
                path.clone()
            } else {
                format!("{path}__{lookup}")
            };
            filters.push(quote! {
                ::tessera_kernel::FilterSpec { param: #param, path: #path, lookup: ::tessera_kernel::Lookup::#variant }
            });
        }
    }
    let search = choices.search.iter().map(|(path, how)| {
        let (path, how) = (&path.path, syn::Ident::new(how, path.span));
        quote!(::tessera_kernel::SearchSpec { path: #path, how: ::tessera_kernel::Match::#how })
    });
    let ordering = choices.ordering.iter().map(|p| &p.path);
    let pagination = &choices.pagination;
    let kept_count = choices.kept_count;
    let permission = match &choices.permission {
        Some(variant) => {
            quote!(::core::option::Option::Some(::tessera_kernel::auth::Permission::#variant))
        }
        None => quote!(::core::option::Option::None),
    };
    let action = |name: &str| {
        choices
            .actions
            .as_ref()
            .is_none_or(|list| list.iter().any(|a| a == name))
    };
    let (list_on, create_on, retrieve_on, update_on, partial_on, destroy_on) = (
        action("list"),
        action("create"),
        action("retrieve"),
        action("update"),
        action("partial_update"),
        action("destroy"),
    );
    let owner_field = match owners.first() {
        Some(owner) => {
            let name = &owner.name;
            quote!(::core::option::Option::Some(#name))
        }
        None => quote!(::core::option::Option::None),
    };
    let owner_fn = owners.first().map(|owner| {
        let field = &owner.ident;
        quote! {
            fn owner(&self) -> ::core::option::Option<i64> {
                ::core::convert::Into::into(self.#field)
            }
        }
    });
    let prepare_fn = choices.prepare.as_ref().map(|prepare| {
        quote! {
            fn prepare(
                req: &::tessera_kernel::__private::actix_web::HttpRequest,
                draft: ::tessera_kernel::validate::Draft,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::tessera_kernel::validate::Draft, ::tessera_kernel::ApiError>,
            > {
                #prepare(req, draft)
            }
        }
    });
    let on_write_fn = choices.on_write.as_ref().map(|on_write| {
        quote! {
            const ON_WRITE: bool = true;

            fn on_write(
                conn: &mut ::tessera_kernel::db::AnyConnection,
                written: ::tessera_kernel::resource::Written<'_, Self>,
            ) -> ::core::result::Result<(), ::tessera_kernel::ApiError> {
                #on_write(conn, written)
            }
        }
    });
    let reads = fields.iter().map(|f| {
        let (field, ty, column) = (&f.ident, &f.ty, f.column_name());
        quote!(#field: ::tessera_kernel::value::read::<#ty>(row, #column)?)
    });
    let relations = fields.iter().filter(|f| f.foreign_key.is_some()).map(|f| {
        let (field, name) = (&f.ident, &f.name);
        quote!(#name => ::core::convert::Into::<::core::option::Option<i64>>::into(self.#field),)
    });
    let targets = fields.iter().filter_map(FieldDecl::target_tokens);
    let serialize = crate::serialize::serialize_impl(ident, model_name, &fields);
    let keys = fields.iter().map(FieldDecl::key_tokens);
    Ok(quote! {
        impl ::tessera_kernel::serializer::Body for #ident {
            const NAME: &'static str = #model_name;
            const FIELDS: &'static [::tessera_kernel::Field] =
                <Self as ::tessera_kernel::Resource>::SPEC.fields;
        }

        impl ::tessera_kernel::Resource for #ident {
            const SPEC: ::tessera_kernel::ResourceSpec = ::tessera_kernel::ResourceSpec {
                model_name: #model_name,
                verbose_name: #verbose_name,
                view_name: #view_name,
                table: #table,
                path: #path,
                fields: &[#(#field_consts),*],
                filters: &[#(#filters),*],
                search: &[#(#search),*],
                ordering: &[#(#ordering),*],
                pagination: #pagination,
                owner_field: #owner_field,
                kept_count: #kept_count,
                permission: #permission,
                actions: ::tessera_kernel::resource::Actions {
                    list: #list_on,
                    create: #create_on,
                    retrieve: #retrieve_on,
                    update: #update_on,
                    partial_update: #partial_on,
                    destroy: #destroy_on,
                },
            };
            fn id(&self) -> i64 {
                self.id
            }

            fn relation(&self, field: &str) -> ::core::option::Option<i64> {
                match field {
                    #(#relations)*
                    _ => ::core::option::Option::None,
                }
            }

            #owner_fn
            #prepare_fn
            #on_write_fn
        }

        const _: () = {
            #(#checks)*
        };

        impl ::tessera_kernel::__private::diesel::deserialize::QueryableByName<::tessera_kernel::db::AnyBackend>
            for #ident
        {
            fn build<'__row>(
                row: &impl ::tessera_kernel::__private::diesel::row::NamedRow<'__row, ::tessera_kernel::db::AnyBackend>,
            ) -> ::tessera_kernel::__private::diesel::deserialize::Result<Self> {
                ::core::result::Result::Ok(#ident { #(#reads),* })
            }
        }

        #serialize

        impl #ident {
            #(#keys)*
            #(#targets)*
        }
    })
}
