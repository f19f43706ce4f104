//! `#[derive(Resource)]`: a struct and its `#[resource(...)]` choices read as a model, its serializer and its
//! viewset, then written out as the kernel's `Resource` implementation, the row's reading and serialization, and
//! a typed key per field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::field::{FieldDecl, Kind};
use crate::names;

/// The struct-level choices.
struct Choices {
    model_name: String,
    verbose_name: Option<String>,
    view_name: Option<String>,
    table: Option<String>,
    path: String,
    filters: Vec<syn::Ident>,
    search: Vec<syn::Ident>,
    ordering: Vec<syn::Ident>,
    prepare: Option<syn::Path>,
    on_write: Option<syn::Path>,
    kept_count: bool,
}

fn idents(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<syn::Ident>> {
    let mut list = Vec::new();
    meta.parse_nested_meta(|inner| {
        list.push(inner.path.require_ident()?.clone());
        Ok(())
    })?;
    Ok(list)
}

fn choices(input: &DeriveInput) -> syn::Result<Choices> {
    let mut choices = Choices {
        model_name: input.ident.to_string(),
        verbose_name: None,
        view_name: None,
        table: None,
        path: String::new(),
        filters: Vec::new(),
        search: Vec::new(),
        ordering: Vec::new(),
        prepare: None,
        on_write: None,
        kept_count: true,
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("resource")) {
        attr.parse_nested_meta(|meta| {
            let key = meta.path.require_ident()?.to_string();
            match key.as_str() {
                "table" => choices.table = Some(meta.value()?.parse::<LitStr>()?.value()),
                "path" => choices.path = meta.value()?.parse::<LitStr>()?.value(),
                "name" => choices.model_name = meta.value()?.parse::<LitStr>()?.value(),
                "verbose_name" => choices.verbose_name = Some(meta.value()?.parse::<LitStr>()?.value()),
                "view_name" => choices.view_name = Some(meta.value()?.parse::<LitStr>()?.value()),
                "filter" => choices.filters = idents(&meta)?,
                "search" => choices.search = idents(&meta)?,
                "ordering" => choices.ordering = idents(&meta)?,
                "prepare" => choices.prepare = Some(meta.value()?.parse()?),
                "on_write" => choices.on_write = Some(meta.value()?.parse()?),
                "count" => choices.kept_count = meta.value()?.parse::<syn::LitBool>()?.value,
                _ => {
                    return Err(meta.error(
                        "unknown resource choice; expected one of table, path, name, verbose_name, view_name, \
                         filter, search, ordering, prepare, on_write, count",
                    ))
                }
            }
            Ok(())
        })?;
    }
    Ok(choices)
}

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

/// A name listed in `filter(...)`, `search(...)` or `ordering(...)` must be a field that can serve there.
fn check_names(
    list: &[syn::Ident],
    fields: &[FieldDecl],
    what: &str,
    text_only: bool,
) -> syn::Result<()> {
    let known: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    for ident in list {
        let Some(field) = fields.iter().find(|f| f.ident == *ident) else {
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "no field `{ident}` to {what}; the fields are {}",
                    known.join(", ")
                ),
            ));
        };
        if !field.readable() {
            return Err(syn::Error::new(
                ident.span(),
                format!("`{ident}` is not shown, so it cannot {what}"),
            ));
        }
        if text_only && field.kind != Kind::String {
            return Err(syn::Error::new(
                ident.span(),
                format!("`{ident}` is not text: search looks in text fields"),
            ));
        }
    }
    Ok(())
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
    check_names(&choices.filters, &fields, "filter by", false)?;
    check_names(&choices.search, &fields, "search in", true)?;
    check_names(&choices.ordering, &fields, "order by", false)?;
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
    let list = |idents: &[syn::Ident]| {
        let names = idents.iter().map(ToString::to_string);
        quote!(&[#(#names),*])
    };
    let (filters, search, ordering) = (
        list(&choices.filters),
        list(&choices.search),
        list(&choices.ordering),
    );
    let kept_count = choices.kept_count;
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
                data: ::tessera_kernel::Valid,
            ) -> impl ::core::future::Future<
                Output = ::core::result::Result<::tessera_kernel::Valid, ::tessera_kernel::ApiError>,
            > {
                #prepare(req, data)
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
    let serialize = crate::serialize::serialize_impl(ident, model_name, &fields);
    let keys = fields.iter().map(FieldDecl::key_tokens);
    Ok(quote! {
        impl ::tessera_kernel::Resource for #ident {
            const SPEC: ::tessera_kernel::ResourceSpec = ::tessera_kernel::ResourceSpec {
                model_name: #model_name,
                verbose_name: #verbose_name,
                view_name: #view_name,
                table: #table,
                path: #path,
                fields: &[#(#field_consts),*],
                filters: #filters,
                search: #search,
                ordering: #ordering,
                owner_field: #owner_field,
                kept_count: #kept_count,
            };
            #owner_fn
            #prepare_fn
            #on_write_fn
        }

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
        }
    })
}
