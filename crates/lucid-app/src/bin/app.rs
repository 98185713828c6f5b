//! Entry point of the page.
fn main() {
    lucid_app::log_panics();
    // The first render runs in a task of its own: the browser finishes compiling the module in the
    // task that calls `main`, and the first render compiles each function it calls on first use.
    // Together they made one long task (over 50 ms) at load.
    gloo::timers::callback::Timeout::new(0, || {
        yew::Renderer::<lucid_app::App>::new().render();
    })
    .forget();
}
