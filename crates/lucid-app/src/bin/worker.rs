//! Entry point of the Web Worker (Trunk builds it with `data-type="worker"`).
use gloo_worker::Registrable;
use lucid_app::worker::LucidWorker;

fn main() {
    LucidWorker::registrar().register();
}
