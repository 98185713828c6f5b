//! Entry point of the Web Worker (Trunk builds it with `data-type="worker"`).
use gloo_worker::Registrable;
use lucid_app::worker::LucidWorker;

fn main() {
    lucid_app::log_panics();
    LucidWorker::registrar().register();
}
