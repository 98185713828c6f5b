//! Entry point of the page.
fn main() {
    lucid_app::log_panics();
    yew::Renderer::<lucid_app::App>::new().render();
}
