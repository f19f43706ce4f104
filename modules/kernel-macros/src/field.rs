//! One declared field: its Rust type read as a kind, and its `#[field(...)]` rules, checked against each other so
//! that a declaration the kernel could not serve is a compile error with the field's span.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::spanned::Spanned;
use syn::{Expr, ExprLit, ExprUnary, GenericArgument, Lit, PathArguments, Type, UnOp};

use crate::names;

/// What the field's Rust type says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    String,
    Boolean,
    Decimal { places: u32 },
    DateTime,
    Date,
}

/// A default as written in `default = ...`.
#[derive(Debug, Clone)]
pub enum DefaultValue {
    Str(String),
    Int(i64),
    Bool(bool),
}

/// One field of the struct, with its rules.
pub struct FieldDecl {
    pub ident: syn::Ident,
    pub name: String,
    pub ty: Type,
    pub kind: Kind,
    pub nullable: bool,
    pub label: String,
    pub column: Option<String>,
    pub max_length: Option<u64>,
    pub max_digits: Option<u32>,
    pub min: Option<i64>,
    pub max: Option<i64>,
    pub default: Option<DefaultValue>,
    pub choices: Option<syn::Path>,
    pub unique: bool,
    pub blank: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub hidden: bool,
    pub owner: bool,
    pub auto: Option<&'static str>,
    pub required: Option<bool>,
    pub primary_key: bool,
    pub positive: bool,
    /// `foreign_key = Author`: the resource whose row's id the field holds.
    pub foreign_key: Option<syn::Path>,
    /// `source = "author.name"`: (foreign key field, its target's field).
    pub related: Option<(String, String)>,
    /// `count_of = Book, via = author`.
    pub count_of: Option<syn::Path>,
    pub via: Option<syn::Ident>,
    pub span: Span,
}

/// `Option<T>` -> `(T, true)`.
fn unwrap_option(ty: &Type) -> (&Type, bool) {
    if let Type::Path(path) = ty {
        if let Some(last) = path.path.segments.last() {
            if last.ident == "Option" {
                if let PathArguments::AngleBracketed(args) = &last.arguments {
                    if let Some(GenericArgument::Type(inner)) = args.args.first() {
                        return (inner, true);
                    }
                }
            }
        }
    }
    (ty, false)
}

fn classify(ty: &Type) -> syn::Result<(Kind, bool)> {
    let unsupported = || {
        syn::Error::new(
            ty.span(),
            "unsupported field type: declare i64, String, bool, Fixed<PLACES>, Timestamp, Date, or an Option of one",
        )
    };
    let (inner, nullable) = unwrap_option(ty);
    let Type::Path(path) = inner else {
        return Err(unsupported());
    };
    let last = path.path.segments.last().ok_or_else(unsupported)?;
    let kind = match last.ident.to_string().as_str() {
        "i64" => Kind::Integer,
        "String" => Kind::String,
        "bool" => Kind::Boolean,
        "Timestamp" => Kind::DateTime,
        "Date" => Kind::Date,
        "Fixed" => {
            let places = match &last.arguments {
                PathArguments::AngleBracketed(args) => match args.args.first() {
                    Some(GenericArgument::Const(Expr::Lit(ExprLit {
                        lit: Lit::Int(n), ..
                    }))) => n.base10_parse::<u32>()?,
                    _ => return Err(unsupported()),
                },
                _ => return Err(unsupported()),
            };
            Kind::Decimal { places }
        }
        "Option" => {
            return Err(syn::Error::new(
                ty.span(),
                "a field is nullable once: Option<Option<..>> is not a field type",
            ))
        }
        _ => return Err(unsupported()),
    };
    Ok((kind, nullable))
}

/// An integer literal, possibly negative.
fn int(expr: &Expr) -> syn::Result<i64> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Int(n), ..
        }) => n.base10_parse(),
        Expr::Unary(ExprUnary {
            op: UnOp::Neg(_),
            expr,
            ..
        }) => int(expr).map(|n| -n),
        other => Err(syn::Error::new(other.span(), "expected an integer")),
    }
}

fn string(expr: &Expr) -> syn::Result<String> {
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(s), ..
        }) => Ok(s.value()),
        other => Err(syn::Error::new(other.span(), "expected a string literal")),
    }
}

impl FieldDecl {
    pub fn parse(field: &syn::Field) -> syn::Result<Self> {
        let ident = field
            .ident
            .clone()
            .ok_or_else(|| syn::Error::new(field.span(), "fields need names"))?;
        let name = ident.to_string();
        let (kind, nullable) = classify(&field.ty)?;
        let mut decl = FieldDecl {
            label: names::label(&name),
            primary_key: name == "id",
            ident,
            name,
            ty: field.ty.clone(),
            kind,
            nullable,
            column: None,
            max_length: None,
            max_digits: None,
            min: None,
            max: None,
            default: None,
            choices: None,
            unique: false,
            blank: false,
            read_only: false,
            write_only: false,
            hidden: false,
            owner: false,
            auto: None,
            required: None,
            positive: false,
            foreign_key: None,
            related: None,
            count_of: None,
            via: None,
            span: field.span(),
        };
        let mut default_expr = None;
        for attr in field.attrs.iter().filter(|a| a.path().is_ident("field")) {
            attr.parse_nested_meta(|meta| {
                let key = meta
                    .path
                    .get_ident()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                match key.as_str() {
                    "max_length" => decl.max_length = Some(int(&meta.value()?.parse()?)? as u64),
                    "max_digits" => decl.max_digits = Some(int(&meta.value()?.parse()?)? as u32),
                    "min" => decl.min = Some(int(&meta.value()?.parse()?)?),
                    "max" => decl.max = Some(int(&meta.value()?.parse()?)?),
                    "column" => decl.column = Some(string(&meta.value()?.parse()?)?),
                    "label" => decl.label = string(&meta.value()?.parse()?)?,
                    "choices" => decl.choices = Some(meta.value()?.parse()?),
                    "default" => default_expr = Some(meta.value()?.parse::<Expr>()?),
                    "unique" => decl.unique = true,
                    "blank" => decl.blank = true,
                    "read_only" => decl.read_only = true,
                    "write_only" => decl.write_only = true,
                    "hidden" => decl.hidden = true,
                    "owner" => decl.owner = true,
                    "auto_now_add" => decl.auto = Some("Created"),
                    "auto_now" => decl.auto = Some("Updated"),
                    "required" => decl.required = Some(true),
                    "optional" => decl.required = Some(false),
                    "positive" => decl.positive = true,
                    "foreign_key" => decl.foreign_key = Some(meta.value()?.parse()?),
                    "count_of" => decl.count_of = Some(meta.value()?.parse()?),
                    "via" => decl.via = Some(meta.value()?.parse()?),
                    "source" => {
                        let path = string(&meta.value()?.parse()?)?;
                        let (via, field) = path
                            .split_once('.')
                            .ok_or_else(|| meta.error("source is \"<foreign key>.<field>\""))?;
                        decl.related = Some((via.to_owned(), field.to_owned()));
                    }
                    _ => {
                        return Err(meta.error(
                            "unknown field rule; expected one of max_length, max_digits, min, max, column, label, \
                             choices, default, unique, blank, read_only, write_only, hidden, owner, \
                             auto_now_add, auto_now, required, optional, positive, foreign_key, source, \
                             count_of, via",
                        ))
                    }
                }
                Ok(())
            })?;
        }
        if let Some(expr) = default_expr {
            decl.default = Some(decl.default_value(&expr)?);
        }
        decl.check()?;
        Ok(decl)
    }

    fn default_value(&self, expr: &Expr) -> syn::Result<DefaultValue> {
        let wrong = |what: &str| syn::Error::new(expr.span(), format!("the default of a {what}"));
        Ok(match self.kind {
            Kind::String => {
                DefaultValue::Str(string(expr).map_err(|_| wrong("text field is a string"))?)
            }
            Kind::Integer => {
                DefaultValue::Int(int(expr).map_err(|_| wrong("integer field is an integer"))?)
            }
            Kind::Boolean => match expr {
                Expr::Lit(ExprLit {
                    lit: Lit::Bool(b), ..
                }) => DefaultValue::Bool(b.value),
                _ => return Err(wrong("boolean field is true or false")),
            },
            Kind::Decimal { places } => {
                let text = match expr {
                    Expr::Lit(ExprLit {
                        lit: Lit::Float(f), ..
                    }) => f.base10_digits().to_owned(),
                    Expr::Lit(ExprLit {
                        lit: Lit::Int(n), ..
                    }) => n.base10_digits().to_owned(),
                    other => {
                        string(other).map_err(|_| wrong("decimal field is a number or a string"))?
                    }
                };
                DefaultValue::Int(scaled(&text, places).ok_or_else(|| {
                    syn::Error::new(
                        expr.span(),
                        format!("not a decimal with at most {places} places"),
                    )
                })?)
            }
            Kind::DateTime => return Err(wrong("datetime field: use auto_now_add or auto_now")),
            Kind::Date => return Err(wrong("date field is not supported")),
        })
    }

    fn check(&self) -> syn::Result<()> {
        let fail = |why: &str| Err(syn::Error::new(self.span, why));
        let is_string = self.kind == Kind::String;
        if self.primary_key && (self.kind != Kind::Integer || self.nullable) {
            return fail("`id` is the primary key: declare it `pub id: i64`");
        }
        if self.max_length.is_some() && !is_string {
            return fail("max_length applies to String fields");
        }
        if self.max_length == Some(0) {
            return fail("max_length is at least 1");
        }
        if (self.blank || self.choices.is_some()) && !is_string {
            return fail("blank and choices apply to String fields");
        }
        if matches!(self.kind, Kind::Decimal { .. }) != self.max_digits.is_some() {
            return fail("a Fixed<PLACES> field needs max_digits = N, and only it takes one");
        }
        if let (Kind::Decimal { places }, Some(digits)) = (self.kind, self.max_digits) {
            if digits == 0 || digits > 18 || places > digits {
                return fail("max_digits is 1 to 18, and at least the places");
            }
        }
        if self.auto.is_some() && self.kind != Kind::DateTime {
            return fail("auto_now and auto_now_add apply to Timestamp fields");
        }
        if self.owner && self.kind != Kind::Integer {
            return fail("the owner field holds a user id: declare it i64 or Option<i64>");
        }
        if (self.foreign_key.is_some() || self.count_of.is_some() || self.positive)
            && self.kind != Kind::Integer
        {
            return fail("foreign_key, count_of and positive apply to i64 fields");
        }
        if self.count_of.is_some() != self.via.is_some() {
            return fail("an annotated count names both the resource and its foreign key: count_of = Book, via = author");
        }
        if (self.min.is_some() || self.max.is_some())
            && !matches!(self.kind, Kind::Integer | Kind::Decimal { .. })
        {
            return fail("min and max apply to integer and decimal fields");
        }
        let filled = self.default.is_some() || self.nullable || is_string;
        if self.required == Some(false) && !filled {
            return fail("an optional field needs a default, or Option<..> to store NULL when it is left out");
        }
        Ok(())
    }

    /// Whether the value is a column of the resource's table (not a related field or a count).
    pub fn stored(&self) -> bool {
        self.related.is_none() && self.count_of.is_none()
    }

    /// Whether a create must give it (DRF's ModelSerializer: not when the model has a default, allows blank or
    /// null, or the server sets it).
    pub fn required(&self) -> bool {
        let server_set = self.primary_key
            || self.read_only
            || self.hidden
            || self.owner
            || self.auto.is_some()
            || !self.stored();
        self.required
            .unwrap_or(!(server_set || self.default.is_some() || self.blank || self.nullable))
            && !server_set
    }

    /// The kernel's `Field` constant for it.
    pub fn field_tokens(&self) -> TokenStream {
        let k = quote!(::tessera_kernel::fields);
        let (name, label) = (&self.name, &self.label);
        let kind = match (self.kind, &self.choices) {
            _ if self.foreign_key.is_some() => quote!(#k::FieldKind::Relation),
            (Kind::String, Some(choices)) => quote!(#k::FieldKind::Choice(#choices)),
            (Kind::String, None) => quote!(#k::FieldKind::String),
            (Kind::Integer, _) => quote!(#k::FieldKind::Integer),
            (Kind::Boolean, _) => quote!(#k::FieldKind::Boolean),
            (Kind::DateTime, _) => quote!(#k::FieldKind::DateTime),
            (Kind::Date, _) => quote!(#k::FieldKind::Date),
            (Kind::Decimal { places }, _) => {
                let digits = self.max_digits.unwrap_or(places);
                quote!(#k::FieldKind::Decimal { max_digits: #digits, places: #places })
            }
        };
        let mut field = quote!(#k::Field::new(#name, #label, #kind));
        let mut rule = |tokens: TokenStream| field = quote!(#field.#tokens);
        if self.primary_key {
            rule(quote!(primary_key()));
        }
        if let Some(column) = self.column_override() {
            rule(quote!(column(#column)));
        }
        if let Some(n) = self.max_length {
            let n = n as usize;
            rule(quote!(max_length(#n)));
        }
        let ordinary_integer = self.kind == Kind::Integer
            && !self.primary_key
            && !self.owner
            && !self.positive
            && self.foreign_key.is_none()
            && self.stored();
        let min = self.min.or(ordinary_integer.then_some(-2_147_483_648));
        let max = self.max.or(ordinary_integer.then_some(2_147_483_647));
        if let Some(min) = min {
            rule(quote!(min_value(#min)));
        }
        if let Some(max) = max {
            rule(quote!(max_value(#max)));
        }
        match &self.default {
            Some(DefaultValue::Str(s)) => rule(quote!(default(#k::Default::Str(#s)))),
            Some(DefaultValue::Int(n)) => rule(quote!(default(#k::Default::Int(#n)))),
            Some(DefaultValue::Bool(b)) => rule(quote!(default(#k::Default::Bool(#b)))),
            None => {}
        }
        let flags = [
            (self.unique, quote!(unique())),
            (self.blank, quote!(allow_blank())),
            (self.nullable, quote!(nullable())),
            (self.read_only, quote!(read_only())),
            (self.write_only, quote!(write_only())),
            (self.hidden, quote!(hidden())),
            (self.owner, quote!(owner())),
        ];
        for (on, tokens) in flags {
            if on {
                rule(tokens);
            }
        }
        if let Some(auto) = self.auto {
            let auto = syn::Ident::new(auto, Span::call_site());
            rule(quote!(auto(#k::Auto::#auto)));
        }
        if self.positive {
            rule(quote!(positive()));
        }
        if self.foreign_key.is_some() {
            let target = self.target_fn();
            rule(quote!(foreign_key(Self::#target)));
        }
        if let Some((via, field)) = &self.related {
            rule(quote!(related(#via, #field)));
        }
        if let (Some(_), Some(via)) = (&self.count_of, &self.via) {
            let (target, via) = (self.target_fn(), via.to_string());
            rule(quote!(count_of(Self::#target, #via)));
        }
        let required = self.required();
        quote!(#field.required(#required))
    }

    /// `pub const SKU: Key<String> = Key::new("sku");`
    pub fn key_tokens(&self) -> TokenStream {
        let constant = syn::Ident::new(&names::constant(&self.name), self.ident.span());
        let (name, ty) = (&self.name, &self.ty);
        let doc = format!("The `{name}` field, for validated data and typed access.");
        quote! {
            #[doc = #doc]
            pub const #constant: ::tessera_kernel::value::Key<#ty> = ::tessera_kernel::value::Key::new(#name);
        }
    }

    /// The column, when it is not the field's name: the declared one, or `<field>_id` for a foreign key.
    fn column_override(&self) -> Option<String> {
        match (&self.column, &self.foreign_key) {
            (Some(column), _) => Some(column.clone()),
            (None, Some(_)) => Some(format!("{}_id", self.name)),
            (None, None) => None,
        }
    }

    /// The name the row is read by: its column, or for a related field or a count, the field's name.
    pub fn column_name(&self) -> String {
        self.column_override().unwrap_or_else(|| self.name.clone())
    }

    /// The hidden function that gives the resource a foreign key or a count points at.
    pub fn target_fn(&self) -> syn::Ident {
        syn::Ident::new(
            &format!("__tessera_target_{}", self.name),
            self.ident.span(),
        )
    }

    /// `fn __tessera_target_<field>() -> &'static ResourceSpec`, for a foreign key or a count.
    pub fn target_tokens(&self) -> Option<TokenStream> {
        let target = self.foreign_key.as_ref().or(self.count_of.as_ref())?;
        let name = self.target_fn();
        Some(quote! {
            #[doc(hidden)]
            pub fn #name() -> &'static ::tessera_kernel::ResourceSpec {
                &<#target as ::tessera_kernel::Resource>::SPEC
            }
        })
    }

    pub fn readable(&self) -> bool {
        !self.hidden && !self.write_only
    }
}

/// `"9.99"` at 2 places -> 999.
fn scaled(text: &str, places: u32) -> Option<i64> {
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > places as usize || whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let digits = format!("{whole}{fraction:0<width$}", width = places as usize);
    let value: i64 = digits.parse().ok()?;
    Some(if negative { -value } else { value })
}
