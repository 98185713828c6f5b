//! The worker's answers on their way to the page's state, with the steps of a run in progress
//! drawn in frames: the worker reports a step every few milliseconds, and drawing each one as it
//! came kept the page's main thread busy on the cores the worker verifies on. Steps are held and
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

/// Holds steps and hands answers to `deliver`.
#[derive(Clone)]
pub struct StepFrames {
    deliver: Deliver,
    held: Rc<RefCell<Held>>,
}

#[derive(Default)]
struct Held {
    steps: Vec<(Response, f64)>,
    /// Hands the held steps over when it fires; dropping it cancels it.
    timer: Option<Timeout>,
}

impl StepFrames {
    /// Answers go to `deliver`, with the time (ms) each arrived.
    pub fn new(deliver: impl Fn(Response, f64) + 'static) -> Self {
        StepFrames { deliver: Rc::new(deliver), held: Rc::default() }
    }

    /// One answer from the worker, arrived at `at_ms`.
    pub fn receive(&self, response: Response, at_ms: f64) {
        if matches!(response, Response::Step { .. }) {
            let mut held = self.held.borrow_mut();
            held.steps.push((response, at_ms));
            if held.timer.is_none() {
                let frames = self.clone();
                held.timer = Some(Timeout::new(STEP_FRAME_MS, move || frames.flush()));
            }
            return;
        }
        self.flush();
        (self.deliver)(response, at_ms);
    }

    /// Hand over the held steps now.
    fn flush(&self) {
        let steps = {
            let mut held = self.held.borrow_mut();
            held.timer = None;
            std::mem::take(&mut held.steps)
        };
        for (step, at_ms) in steps {
            (self.deliver)(step, at_ms);
        }
    }
}
