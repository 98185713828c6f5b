//! The worker's answers on their way to the page's state. They are held until the page is drawn
//! and connects its state ([`StepFrames::connect`]); after that, the steps of a run in progress
//! are drawn in frames: the worker reports a step every few milliseconds, and drawing each one as
//! it came kept the page's main thread busy on the cores the worker verifies on. Steps are held and
//! handed over together at most every [`STEP_FRAME_MS`], and always before any other answer, so
//! the state sees every answer in the order the worker sent it.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;

use crate::worker::Response;

/// How long a reported step may wait before the page draws it.
pub const STEP_FRAME_MS: u32 = 100;

/// Answers in the order the worker sent them, each with the page's time of arrival.
type Deliver = Rc<dyn Fn(Response, f64)>;

/// Holds answers and hands them to the connected state.
#[derive(Clone, Default)]
pub struct StepFrames {
    deliver: Rc<RefCell<Option<Deliver>>>,
    held: Rc<RefCell<Held>>,
}

#[derive(Default)]
struct Held {
    answers: Vec<(Response, f64)>,
    /// Hands the held steps over when it fires; dropping it cancels it.
    timer: Option<Timeout>,
}

impl StepFrames {
    /// Answers go to `deliver`, with the time (ms) each arrived.
    pub fn new(deliver: impl Fn(Response, f64) + 'static) -> Self {
        let frames = StepFrames::default();
        frames.connect(deliver);
        frames
    }

    /// From now on answers go to `deliver`, those held so far first.
    pub fn connect(&self, deliver: impl Fn(Response, f64) + 'static) {
        *self.deliver.borrow_mut() = Some(Rc::new(deliver));
        self.flush();
    }

    /// One answer from the worker, arrived at `at_ms`.
    pub fn receive(&self, response: Response, at_ms: f64) {
        let step = matches!(response, Response::Step { .. });
        let mut held = self.held.borrow_mut();
        held.answers.push((response, at_ms));
        if step && held.timer.is_none() {
            let frames = self.clone();
            held.timer = Some(Timeout::new(STEP_FRAME_MS, move || frames.flush()));
        }
        drop(held);
        if !step {
            self.flush();
        }
    }

    /// Hand over the held answers now, if the state is connected.
    fn flush(&self) {
        let Some(deliver) = self.deliver.borrow().clone() else { return };
        let answers = {
            let mut held = self.held.borrow_mut();
            held.timer = None;
            std::mem::take(&mut held.answers)
        };
        for (answer, at_ms) in answers {
            deliver(answer, at_ms);
        }
    }
}
