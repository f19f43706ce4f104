//! The one list of modules compiled into the binary. Adding a module touches this list and nothing else.

use tessera_kernel::Module;

pub static MODULES: &[&dyn Module] = &[&tessera_example::MODULE];

/// The modules named in `names` (all when empty), in list order, or the first unknown name.
pub fn select(names: &[String]) -> Result<Vec<&'static dyn Module>, String> {
    if let Some(unknown) = names
        .iter()
        .find(|n| !MODULES.iter().any(|m| m.name() == n.trim()))
    {
        return Err(unknown.clone());
    }
    Ok(MODULES
        .iter()
        .copied()
        .filter(|m| names.is_empty() || names.iter().any(|n| n.trim() == m.name()))
        .collect())
}
