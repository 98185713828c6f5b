//! Entry point of the views' lab worker (Trunk builds it with `data-type="worker"`, as `lab.js`).
use gloo_worker::Registrable;
use lucid_app::views::lab_worker::LabWorker;

fn main() {
    LabWorker::registrar().register();
}
