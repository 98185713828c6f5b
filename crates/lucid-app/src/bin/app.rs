//! Entry point of the page.
fn main() {
    lucid_app::log_panics();
    // The worker starts now, so its module loads while the page renders.
    let worker = lucid_app::EarlyWorker::spawn();
    // The first render runs in a task of its own: the browser finishes compiling the module in the
    // task that calls `main`, and the first render compiles each function it calls on first use.
    // Together they made one long task (over 50 ms) at load.
    gloo::timers::callback::Timeout::new(0, move || {
        yew::Renderer::<lucid_app::App>::with_props(lucid_app::AppProps { worker }).render();
    })
    .forget();
}
