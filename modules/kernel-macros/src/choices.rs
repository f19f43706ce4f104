//! `#[resource(..)]`: the viewset's choices. Filters take django-filter's lookups (`price(exact, gte, range)`),
//! search fields DRF's prefixes (`"^title"`, `"=isbn"`), and paths may cross a foreign key (`author__country`).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{DeriveInput, Ident, LitInt, LitStr, Token};

/// A field, or a `foreign_key__field` path, as written.
#[derive(Clone)]
pub struct PathRef {
    pub path: String,
    pub span: Span,
}

impl PathRef {
    fn of(ident: &Ident) -> Self {
        PathRef {
            path: ident.to_string(),
            span: ident.span(),
        }
    }

    /// The field of this resource the path starts at.
    pub fn head(&self) -> &str {
        self.path.split("__").next().unwrap_or(&self.path)
    }

    /// The target's field, for a path across a foreign key.
    pub fn tail(&self) -> Option<&str> {
        self.path.split_once("__").map(|(_, rest)| rest)
    }
}

pub struct FilterDecl {
    pub path: PathRef,
    pub lookups: Vec<Ident>,
}

pub struct Choices {
    pub model_name: String,
    pub verbose_name: Option<String>,
    pub view_name: Option<String>,
    pub table: Option<String>,
    pub path: String,
    pub filters: Vec<FilterDecl>,
    /// A path and how it matches: `Contains`, `StartsWith` or `Equals`.
    pub search: Vec<(PathRef, &'static str)>,
    pub ordering: Vec<PathRef>,
    pub pagination: TokenStream,
    pub prepare: Option<syn::Path>,
    /// An after-write hook, run in the write's transaction.
    pub on_write: Option<syn::Path>,
    pub kept_count: bool,
    /// A `Permission` variant: the resource's own instead of the module's.
    pub permission: Option<Ident>,
    /// The viewset's actions it serves; all when `None`.
    pub actions: Option<Vec<Ident>>,
}

/// The actions `actions(..)` may name, as DRF's viewset names them.
pub const ACTIONS: [&str; 6] = [
    "list",
    "create",
    "retrieve",
    "update",
    "partial_update",
    "destroy",
];

const LOOKUPS: &[(&str, &str)] = &[
    ("exact", "Exact"),
    ("in", "In"),
    ("gt", "Gt"),
    ("gte", "Gte"),
    ("lt", "Lt"),
    ("lte", "Lte"),
    ("range", "Range"),
    ("icontains", "IContains"),
    ("istartswith", "IStartsWith"),
    ("isnull", "IsNull"),
];

/// The kernel's `Lookup` variant of a lookup's name.
pub fn lookup_variant(lookup: &Ident) -> syn::Result<Ident> {
    let name = lookup.to_string();
    LOOKUPS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, variant)| Ident::new(variant, lookup.span()))
        .ok_or_else(|| {
            let known: Vec<&str> = LOOKUPS.iter().map(|(n, _)| *n).collect();
            syn::Error::new(
                lookup.span(),
                format!("unknown lookup; expected one of {}", known.join(", ")),
            )
        })
}

fn filters(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<FilterDecl>> {
    let mut list = Vec::new();
    meta.parse_nested_meta(|inner| {
        let path = PathRef::of(inner.path.require_ident()?);
        let mut lookups = Vec::new();
        if inner.input.peek(syn::token::Paren) {
            inner.parse_nested_meta(|lookup| {
                let ident = lookup.path.require_ident()?.clone();
                lookup_variant(&ident)?;
                lookups.push(ident);
                Ok(())
            })?;
        } else {
            lookups.push(Ident::new("exact", path.span));
        }
        list.push(FilterDecl { path, lookups });
        Ok(())
    })?;
    Ok(list)
}

fn idents(meta: &syn::meta::ParseNestedMeta) -> syn::Result<Vec<PathRef>> {
    let mut list = Vec::new();
    meta.parse_nested_meta(|inner| {
        list.push(PathRef::of(inner.path.require_ident()?));
        Ok(())
    })?;
    Ok(list)
}

/// `search(name, "^title", "=isbn", author__name)`.
fn search(input: ParseStream) -> syn::Result<Vec<(PathRef, &'static str)>> {
    let content;
    syn::parenthesized!(content in input);
    let mut list = Vec::new();
    while !content.is_empty() {
        if content.peek(LitStr) {
            let lit: LitStr = content.parse()?;
            let text = lit.value();
            let (how, path) = match text.chars().next() {
                Some('^') => ("StartsWith", &text[1..]),
                Some('=') => ("Equals", &text[1..]),
                Some('$' | '@') => {
                    return Err(syn::Error::new(
                        lit.span(),
                        "the $ (regex) and @ (full text) prefixes are not supported",
                    ))
                }
                _ => ("Contains", &text[..]),
            };
            list.push((
                PathRef {
                    path: path.to_owned(),
                    span: lit.span(),
                },
                how,
            ));
        } else {
            let ident: Ident = content.parse()?;
            list.push((PathRef::of(&ident), "Contains"));
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(list)
}

/// `pagination = limit_offset(default = 5, max = 20)` or `cursor(page_size = 3)`: the kernel's `Pagination`.
fn pagination(input: ParseStream) -> syn::Result<TokenStream> {
    let kind: Ident = input.parse()?;
    let content;
    syn::parenthesized!(content in input);
    let mut args: Vec<(Ident, LitInt)> = Vec::new();
    while !content.is_empty() {
        let key: Ident = content.parse()?;
        content.parse::<Token![=]>()?;
        args.push((key, content.parse()?));
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    let arg = |name: &str| -> syn::Result<i64> {
        args.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.base10_parse())
            .unwrap_or_else(|| {
                Err(syn::Error::new(
                    kind.span(),
                    format!("{kind} needs {name} = N"),
                ))
            })
    };
    let p = quote!(::tessera_kernel::Pagination);
    match kind.to_string().as_str() {
        "limit_offset" => {
            let (default, max) = (arg("default")?, arg("max")?);
            Ok(quote!(#p::LimitOffset { default: #default, max: #max }))
        }
        "cursor" => {
            let size = arg("page_size")?;
            Ok(quote!(#p::Cursor { page_size: #size }))
        }
        "page_number" => Ok(quote!(#p::PageNumber)),
        _ => Err(syn::Error::new(kind.span(), "pagination is page_number(), limit_offset(default = N, max = M) or cursor(page_size = N)")),
    }
}

pub fn choices(input: &DeriveInput) -> syn::Result<Choices> {
    let mut choices = Choices {
        model_name: input.ident.to_string(),
        verbose_name: None,
        view_name: None,
        table: None,
        path: String::new(),
        filters: Vec::new(),
        search: Vec::new(),
        ordering: Vec::new(),
        pagination: quote!(::tessera_kernel::Pagination::PageNumber),
        prepare: None,
        on_write: None,
        kept_count: true,
        permission: None,
        actions: None,
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
                "filter" => choices.filters = filters(&meta)?,
                "search" => choices.search = search(meta.input)?,
                "ordering" => choices.ordering = idents(&meta)?,
                "pagination" => choices.pagination = pagination(meta.value()?)?,
                "prepare" => choices.prepare = Some(meta.value()?.parse()?),
                "on_write" => choices.on_write = Some(meta.value()?.parse()?),
                "count" => choices.kept_count = meta.value()?.parse::<syn::LitBool>()?.value,
                "permission" => choices.permission = Some(meta.value()?.parse()?),
                "actions" => {
                    let list: Vec<Ident> = idents(&meta)?
                        .into_iter()
                        .map(|p| Ident::new(&p.path, p.span))
                        .collect();
                    if let Some(bad) = list.iter().find(|a| !ACTIONS.contains(&a.to_string().as_str())) {
                        return Err(syn::Error::new(
                            bad.span(),
                            format!("unknown action `{bad}`; expected {}", ACTIONS.join(", ")),
                        ));
                    }
                    choices.actions = Some(list);
                }
                _ => {
                    return Err(meta.error(
                        "unknown resource choice; expected one of table, path, name, verbose_name, view_name, \
                         filter, search, ordering, pagination, prepare, on_write, count, permission, actions",
                    ))
                }
            }
            Ok(())
        })?;
    }
    let _ = input.span();
    Ok(choices)
}
