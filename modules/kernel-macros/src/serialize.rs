//! Serialization in declared field order (what responses show), and `#[derive(Serializer)]` for bodies that are
//! not a resource's rows.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, LitStr};

use crate::field::FieldDecl;

/// `impl Serialize`: the readable fields, in order, under their names.
pub fn serialize_impl(ident: &syn::Ident, name: &str, fields: &[FieldDecl]) -> TokenStream {
    let shown: Vec<&FieldDecl> = fields.iter().filter(|f| f.readable()).collect();
    let count = shown.len();
    let entries = shown.iter().map(|f| {
        let (field, key) = (&f.ident, &f.name);
        quote!(::tessera_kernel::__private::serde::ser::SerializeStruct::serialize_field(&mut state, #key, &self.#field)?;)
    });
    quote! {
        impl ::tessera_kernel::__private::serde::Serialize for #ident {
            fn serialize<S: ::tessera_kernel::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                let mut state = serializer.serialize_struct(#name, #count)?;
                #(#entries)*
                ::tessera_kernel::__private::serde::ser::SerializeStruct::end(state)
            }
        }
    }
}

pub fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let mut name = input.ident.to_string();
    for attr in input
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("serializer"))
    {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                name = meta.value()?.parse::<LitStr>()?.value();
                Ok(())
            } else {
                Err(meta.error("unknown serializer choice; expected name"))
            }
        })?;
    }
    let fields = crate::model::fields(input)?;
    let ident = &input.ident;
    let field_consts = fields.iter().map(FieldDecl::field_tokens);
    let takes = fields.iter().map(|f| {
        let (field, ty, key) = (&f.ident, &f.ty, &f.name);
        quote! {
            #field: data
                .get(::tessera_kernel::value::Key::<#ty>::new(#key))
                .unwrap_or_default()
        }
    });
    let serialize = serialize_impl(ident, &name, &fields);
    let keys = fields.iter().map(FieldDecl::key_tokens);
    Ok(quote! {
        impl ::tessera_kernel::serializer::Body for #ident {
            const NAME: &'static str = #name;
            const FIELDS: &'static [::tessera_kernel::Field] = &[#(#field_consts),*];
        }

        impl ::tessera_kernel::Serializer for #ident {
            fn from_valid(data: &::tessera_kernel::Valid) -> Self {
                #ident { #(#takes),* }
            }
        }

        #serialize

        impl #ident {
            #(#keys)*
        }
    })
}
