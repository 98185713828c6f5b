//! What the browser tests and the profile share: the recorded scenario as the page sends it.

use lucid_app::files::{BundleFiles, NamedFile};
use lucid_tests::capella_p862 as p862;

/// The recorded mainnet scenario, as the page sends it to the worker.
pub fn scenario() -> BundleFiles {
    let file = |name: &str, bytes: &[u8]| Some(NamedFile { name: name.to_string(), bytes: bytes.to_vec() });
    BundleFiles {
        bootstrap: file("bootstrap.json", p862::BOOTSTRAP),
        updates: file("updates.json", p862::UPDATES),
        finality: file("finality.json", p862::FINALITY),
        optimistic: file("optimistic.json", p862::OPTIMISTIC),
    }
}

/// The root the scenario's bootstrap is for (the app's default checkpoint).
pub fn checkpoint() -> String {
    lucid_transport::defaults::checkpoint("mainnet").unwrap().block_root.to_string()
}
