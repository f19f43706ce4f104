//! `#[derive(Event)]`: a struct of a module's published interface crate read as one of that module's event types,
//! written out as the kernel's `Event` (its type's name and the publishing module, and the aggregate it is about).

use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, LitStr};

/// A name that travels as a NATS subject token and a stream name: letters, digits and `_`.
fn plain(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut publisher: Option<LitStr> = None;
    let mut name: Option<LitStr> = None;
    let mut key: Option<syn::Ident> = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("event")) {
        attr.parse_nested_meta(|meta| {
            match meta.path.require_ident()?.to_string().as_str() {
                "publisher" => publisher = Some(meta.value()?.parse()?),
                "name" => name = Some(meta.value()?.parse()?),
                "key" => key = Some(meta.value()?.parse()?),
                _ => {
                    return Err(
                        meta.error("unknown event choice; expected one of publisher, name, key")
                    )
                }
            }
            Ok(())
        })?;
    }
    let publisher = publisher.ok_or_else(|| {
        syn::Error::new(
            input.span(),
            "an event names the module that publishes it: #[event(publisher = \"orders\", key = ..)]",
        )
    })?;
    let key = key.ok_or_else(|| {
        syn::Error::new(
            input.span(),
            "an event names the field that says which aggregate it is about: #[event(key = order_id)]; \
             the events of one aggregate are handled in the order they were published",
        )
    })?;
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new(
            input.span(),
            "an event is a struct with named fields",
        ));
    };
    let Fields::Named(fields) = &data.fields else {
        return Err(syn::Error::new(
            input.span(),
            "an event is a struct with named fields",
        ));
    };
    if !fields.named.iter().any(|f| f.ident.as_ref() == Some(&key)) {
        let known: Vec<String> = fields
            .named
            .iter()
            .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
            .collect();
        return Err(syn::Error::new(
            key.span(),
            format!(
                "no field `{key}` to key the event by; the fields are {}",
                known.join(", ")
            ),
        ));
    }
    let ident = &input.ident;
    let name_text = name
        .as_ref()
        .map_or_else(|| ident.to_string(), LitStr::value);
    for (text, span) in [
        (publisher.value(), publisher.span()),
        (
            name_text.clone(),
            name.as_ref().map_or(ident.span(), LitStr::span),
        ),
    ] {
        if !plain(&text) {
            return Err(syn::Error::new(
                span,
                format!("\"{text}\" is not a plain name: letters, digits and _ only (it is part of a broker subject)"),
            ));
        }
    }
    Ok(quote! {
        impl ::tessera_kernel::events::Event for #ident {
            const TYPE: ::tessera_kernel::events::EventType =
                ::tessera_kernel::events::EventType::new(#publisher, #name_text);

            fn key(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.#key)
            }
        }
    })
}
