// embed_migrations! does not make cargo rebuild when a migration is added or changed.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/accounts");
}
