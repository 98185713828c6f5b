//! Entry point of the page.
fn main() {
    yew::Renderer::<lucid_app::App>::new().render();
}
