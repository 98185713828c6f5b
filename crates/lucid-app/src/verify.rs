//! The Verify tab: the offline replay of the recorded scenario (started when the page opens),
//! files opened from disk, and each step the worker's core reports, as it happens.

use lucid_core::data::UpdateKind;
use lucid_core::replay::{ReplayReport, Step};
use lucid_core::Head;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::files::{fetch_scenario, BundleFiles, NamedFile, Role, SCENARIO_NAME};
use crate::provenance::{Figure, Source};
use crate::state::{AppContext, Run, RunOutcome};

/// The checkpoint the recorded scenario is checked against: the block root its bootstrap is for,
/// from `lucid_transport::defaults`.
pub fn scenario_checkpoint() -> Option<String> {
    lucid_transport::defaults::checkpoint("mainnet").map(|c| c.block_root.to_string())
}

/// Fetch the recorded scenario from the app's own origin and send it to the worker.
pub fn start_default_scenario(ctx: AppContext) {
    spawn_local(async move {
        match fetch_scenario().await {
            Ok(files) => {
                ctx.verify(SCENARIO_NAME.to_string(), files, scenario_checkpoint());
            }
            Err(e) => ctx
                .state
                .dispatch(crate::state::Action::LoadFailed(format!("could not load the recorded scenario: {e}"))),
        }
    });
}

/// The Verify tab.
#[component]
pub fn VerifyTab() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let run = ctx.state.main.clone();
    html! {
        <div class="layout">
            <div class="column">
                <ResultPanel run={run.clone().map(RunRef)} load_error={ctx.state.load_error.clone()} />
                <LoadPanel />
            </div>
            <StepsPanel run={run.map(RunRef)} />
        </div>
    }
}

/// A run as a prop: runs compare by id, step count and completion (they only grow).
#[derive(Clone)]
pub struct RunRef(pub Run);

impl PartialEq for RunRef {
    fn eq(&self, other: &Self) -> bool {
        let key = |r: &Run| (r.id, r.steps.len(), r.outcome.is_some());
        key(&self.0) == key(&other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct ResultProps {
    pub run: Option<RunRef>,
    #[prop_or_default]
    pub load_error: Option<String>,
}

/// What the run established: the finalized and optimistic heads, or the rejection.
#[component]
pub fn ResultPanel(props: &ResultProps) -> Html {
    let body = match (&props.run, &props.load_error) {
        (_, Some(error)) => html! {
            <p id="finality-status" class="status" data-state="failed">{ error.clone() }</p>
        },
        (None, None) => html! {
            <p id="finality-status" class="status" data-state="unverified">{ "Loading the recorded scenario…" }</p>
        },
        (Some(RunRef(run)), None) => match &run.outcome {
            None => html! { <Progress run={RunRef(run.clone())} /> },
            Some(RunOutcome::Verified(report)) => verified_summary(run, report),
            Some(RunOutcome::Rejected(r)) => html! {
                <>
                <p id="finality-status" class="status" data-state="rejected">
                    { format!("Rejected: {}", r.message) }
                </p>
                <dl class="figures">
                    <Figure label="File" value={r.file.clone()} source={Source::Input} id="reject-file" />
                    <Figure label="Failed check" value={r.kind.clone()} source={Source::Verified}
                        how="the core refused this input; nothing after it was applied" id="reject-kind" />
                </dl>
                { steps_so_far(run) }
                </>
            },
        },
    };
    html! {
        <section class="panel" aria-labelledby="result-heading" aria-live="polite">
            <h2 id="result-heading">{ "Result" }</h2>
            { body }
        </section>
    }
}

fn steps_so_far(run: &Run) -> Html {
    html! { <p class="note">{ format!("{} step(s) verified before the rejection; see the list.", run.steps.len()) }</p> }
}

fn verified_summary(run: &Run, report: &ReplayReport) -> Html {
    let fin = &report.finalized;
    let opt = &report.optimistic;
    let min_part = report.participation.iter().min_by_key(|p| p.participants);
    let part_text = min_part.map_or_else(
        || "no updates".into(),
        |p| format!("{}/{} at least ({} signed updates)", p.participants, p.committee_size, report.participation.len()),
    );
    let periods = report.periods.iter().map(u64::to_string).collect::<Vec<_>>().join(", ");
    let total = run.total_ms.map(|ms| format!("{ms:.0} ms in the worker")).unwrap_or_default();
    html! {
        <>
        <p id="finality-status" class="status" data-state="verified">
            { format!("Finalized: slot {}", fin.slot) }
        </p>
        <dl class="figures">
            <Figure label="Finalized header root" value={fin.root.to_string()} source={Source::Verified} id="finalized-root"
                how="proven by a finality branch in a header the sync committee signed" />
            <Figure label="Optimistic head" value={format!("slot {}", opt.slot)} source={Source::Verified} id="optimistic-slot"
                how="the latest header the sync committee signed" />
            <Figure label="Fork" value={report.fork.name().to_string()} source={Source::Verified} />
            <Figure label="Committees used" value={format!("periods {periods}")} source={Source::Verified}
                how="each period's committee was proven by the previous one" />
            <Figure label="Participation" value={part_text} source={Source::Verified}
                how="the signature verifies for exactly these members" />
            <Figure label="Execution block hash" value={fin.execution_block_hash.to_string()} source={Source::Verified}
                how="proven to be in the finalized beacon block by its execution branch; the execution block itself is not re-executed" />
            <Figure label="Time" value={total} source={Source::Measured} id="worker-ms" />
        </dl>
        </>
    }
}

/// The progress bar of a running verification.
#[component]
fn Progress(props: &RunRefProps) -> Html {
    let run = &props.run.0;
    let done = run.steps.len();
    let text = match run.planned {
        Some(total) => format!("Verifying in the worker… {done} of {total} steps"),
        None => format!("Verifying in the worker… {done} steps"),
    };
    let max = run.planned.unwrap_or(done + 1).max(done).to_string();
    html! {
        <>
        <p id="finality-status" class="status" data-state="running">{ text.clone() }</p>
        <progress id="progress" max={max} value={done.to_string()} aria-label={text}></progress>
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct RunRefProps {
    pub run: RunRef,
}

/// Every step the core reported, in order, with what was checked.
#[component]
pub fn StepsPanel(props: &ResultProps) -> Html {
    let Some(RunRef(run)) = &props.run else {
        return html! {
            <section class="panel" aria-labelledby="steps-heading">
                <h2 id="steps-heading">{ "Verification steps" }</h2>
                <p class="note">{ "No data verified yet." }</p>
            </section>
        };
    };
    let trust = match &run.checkpoint {
        Some(root) => html! {
            <dl class="figures"><Figure label="Trusted checkpoint" value={root.clone()} source={Source::Input}
                how="the one value taken on trust: the bootstrap must hash to it" /></dl>
        },
        None => html! {
            <p class="note">{ "No checkpoint given: the bootstrap's own header is trusted." }</p>
        },
    };
    html! {
        <section class="panel" aria-labelledby="steps-heading">
            <h2 id="steps-heading">{ "Verification steps" }</h2>
            <p class="note">{ format!("Data: {}", run.label) }</p>
            { trust }
            <ol id="steps" class="steps">
                { for run.steps.iter().zip(&run.step_ms).zip(&run.step_core_ms).map(|((s, ms), core)| step_item(s, *ms, *core)) }
                if let Some(r) = run.rejection() {
                    <li class="step" data-state="rejected">
                        <div class="step-head">
                            <span class="step-title">{ format!("{} rejected", r.file) }</span>
                            <span class="badge badge-rejected">{ "rejected" }</span>
                        </div>
                        <p class="step-text">{ format!("{}: {}", r.kind, r.message) }</p>
                    </li>
                } else if run.is_running() {
                    <li class="step" data-state="running">
                        <div class="step-head">
                            <span class="step-title">{ "Checking the next input…" }</span>
                            <span class="badge badge-running">{ "running" }</span>
                        </div>
                    </li>
                }
            </ol>
        </section>
    }
}

fn head_figures(prefix: &str, h: &Head) -> Html {
    html! {
        <>
        <Figure label={format!("{prefix} slot")} value={h.slot.to_string()} source={Source::Verified}
            how="part of the header whose root was checked" />
        <Figure label={format!("{prefix} root")} value={h.root.to_string()} source={Source::Verified} />
        </>
    }
}

fn kind_name(kind: UpdateKind) -> &'static str {
    match kind {
        UpdateKind::Update => "Update",
        UpdateKind::FinalityUpdate => "Finality update",
        UpdateKind::OptimisticUpdate => "Optimistic update",
    }
}

/// One step as a list item: when the worker reported it, and for an update the core's own time.
fn step_item(step: &Step, at_ms: f64, core_ms: Option<f64>) -> Html {
    let title = core_ms.map(|c| format!("the core took {c:.1} ms on this update"));
    let time = html! { <span class="src src-measured" data-at-ms={format!("{at_ms:.3}")}
    data-core-ms={core_ms.map(|c| format!("{c:.3}"))} {title}>{ format!("{at_ms:.0} ms") }</span> };
    match step {
        Step::BootstrapVerified { file, fork, header, committee_root } => html! {
            <li class="step" data-state="verified" data-step="bootstrap">
                <div class="step-head">
                    <span class="step-title">{ "Bootstrap checked against the checkpoint" }</span>
                    <span class="badge badge-verified">{ "verified" }</span>{ time }
                </div>
                <p class="step-text">{ format!(
                    "{file} ({}): its header hashes to the trusted root, and a Merkle branch proves its current sync committee (period {}) in that header's state.",
                    fork.name(), header.period) }</p>
                <dl class="figures">
                    { head_figures("Header", header) }
                    <Figure label="Committee root" value={committee_root.to_string()} source={Source::Verified}
                        how="Merkle branch to the header's state root" />
                </dl>
            </li>
        },
        Step::StoreUpgraded { from, to } => html! {
            <li class="step" data-state="verified" data-step="upgrade">
                <div class="step-head">
                    <span class="step-title">{ format!("Store moved from {} to {} containers", from.name(), to.name()) }</span>
                    <span class="badge badge-verified">{ "done" }</span>{ time }
                </div>
            </li>
        },
        Step::UpdateVerified {
            file,
            kind,
            fork,
            attested,
            finalized_slot,
            signature_slot,
            outcome,
            store_finalized,
            ..
        } => {
            let sig = &outcome.signature;
            let mut title = format!("{}: {file}", kind_name(*kind));
            if let Some(p) = outcome.committee_handover {
                title = format!("{title} — committee handed over to period {p}");
            }
            html! {
                <li class="step" data-state="verified" data-step={format!("{kind:?}").to_lowercase()}>
                    <div class="step-head">
                        <span class="step-title">{ title }</span>
                        <span class="badge badge-verified">{ "verified" }</span>{ time }
                    </div>
                    <p class="step-text">{ format!(
                        "{}: the period {} committee's aggregate BLS signature over the attested header verified.{}{}",
                        fork.name(), sig.signature_period,
                        if outcome.checked_finality_branch { " The finality branch proves the finalized header." } else { "" },
                        if outcome.checked_next_committee_branch { " The next-committee branch proves the next period's committee." } else { "" },
                    ) }</p>
                    <dl class="figures">
                        <Figure label="Participation" value={format!("{}/{}", sig.participants, sig.committee_size)}
                            source={Source::Verified} how="these members' keys aggregate to a key the signature verifies with" />
                        <Figure label="Attested header" value={format!("slot {}", attested.slot)} source={Source::Verified}
                            how="its root is what the committee signed" />
                        if outcome.checked_finality_branch {
                            <Figure label="Finalized header" value={format!("slot {finalized_slot}")} source={Source::Verified}
                                how="finality branch into the attested state" />
                        }
                        <Figure label="Store's finalized head" value={format!("slot {}", store_finalized.slot)} source={Source::Verified} />
                        <Figure label="Signature slot" value={signature_slot.to_string()} source={Source::Reported}
                            how="only checked to lie after the attested slot and not in the future; its period picks the committee" />
                        <Figure label="Attested execution block hash" value={attested.execution_block_hash.to_string()} source={Source::Verified}
                            how="execution branch into the attested beacon block; the execution block is not re-executed" />
                    </dl>
                </li>
            }
        }
    }
}

/// Read a chosen file into a [`NamedFile`].
async fn read_file(file: web_sys::File) -> Result<NamedFile, String> {
    let file = gloo::file::File::from(file);
    let name = file.name();
    if file.size() == 0 {
        return Err(format!("{name} is empty"));
    }
    let bytes = gloo::file::futures::read_as_bytes(&file).await.map_err(|e| format!("{name}: {e}"))?;
    Ok(NamedFile { name, bytes })
}

/// Open bootstrap / updates / finality / optimistic files from disk (or drop them here).
#[component]
pub fn LoadPanel() -> Html {
    let ctx = use_context::<AppContext>().expect("AppContext");
    let chosen = use_state(BundleFiles::default);
    let error = use_state(|| None::<String>);
    let checkpoint = use_state(String::new);
    let dragging = use_state(|| false);

    // Read files into their roles; the handle always sees the latest selection.
    let add_files = {
        let chosen = chosen.clone();
        let error = error.clone();
        Callback::from(move |picked: Vec<(Role, web_sys::File)>| {
            let chosen = chosen.clone();
            let error = error.clone();
            spawn_local(async move {
                let mut next = (*chosen).clone();
                let mut problems = Vec::new();
                for (role, file) in picked {
                    match read_file(file).await {
                        Ok(f) => next.set(role, Some(f)),
                        Err(e) => problems.push(e),
                    }
                }
                chosen.set(next);
                error.set((!problems.is_empty()).then(|| problems.join("; ")));
            });
        })
    };

    let inputs = Role::ALL.iter().map(|&role| {
        let add_files = add_files.clone();
        let onchange = Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                add_files.emit(vec![(role, file)]);
            }
        });
        let name = chosen.get(role).map(|f| format!("{} ({} bytes)", f.name, f.bytes.len()));
        html! {
            <div class="file-row">
                <label for={role.input_id()}>{ role.label() }</label>
                <input id={role.input_id()} type="file" accept=".json,.ssz,application/json,application/octet-stream" {onchange} />
                <span class="hint">{ name.unwrap_or_else(|| role.help().to_string()) }</span>
            </div>
        }
    });

    let ondragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let ondragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_| dragging.set(false))
    };
    let ondrop = {
        let dragging = dragging.clone();
        let add_files = add_files.clone();
        let error = error.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let Some(list) = e.data_transfer().and_then(|d| d.files()) else { return };
            let mut picked = Vec::new();
            let mut unknown = Vec::new();
            for i in 0..list.length() {
                let Some(file) = list.get(i) else { continue };
                match Role::guess(&file.name()) {
                    Some(role) => picked.push((role, file)),
                    None => unknown.push(file.name()),
                }
            }
            if !unknown.is_empty() {
                error.set(Some(format!(
                    "could not tell what {} is: name files bootstrap, updates, finality or optimistic, or use the pickers",
                    unknown.join(", ")
                )));
            }
            add_files.emit(picked);
        })
    };

    let on_verify = {
        let ctx = ctx.clone();
        let chosen = chosen.clone();
        let checkpoint = checkpoint.clone();
        let error = error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if chosen.bootstrap.is_none() {
                error.set(Some("choose a bootstrap file first".into()));
                return;
            }
            let names: Vec<String> = Role::ALL.iter().filter_map(|r| chosen.get(*r)).map(|f| f.name.clone()).collect();
            let cp = Some(checkpoint.trim().to_string()).filter(|c| !c.is_empty());
            ctx.verify(format!("files from disk: {}", names.join(", ")), (*chosen).clone(), cp);
        })
    };
    let on_checkpoint = {
        let checkpoint = checkpoint.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            checkpoint.set(input.value());
        })
    };
    let on_scenario = {
        let ctx = ctx.clone();
        Callback::from(move |_| start_default_scenario(ctx.clone()))
    };
    let busy = ctx.state.main.as_ref().is_some_and(Run::is_running);

    html! {
        <section class={classes!("panel", "load", dragging.then_some("dragging"))} aria-labelledby="load-heading"
            {ondragover} {ondragleave} {ondrop}>
            <h2 id="load-heading">{ "Verify your own data" }</h2>
            <p class="note">{ "Open Beacon-API JSON or SSZ files (as the lucid command line reads them), or drop them on this panel. They stay in this browser." }</p>
            <form id="load-form" onsubmit={on_verify}>
                { for inputs }
                <div class="file-row">
                    <label for="checkpoint-input">{ "Trusted checkpoint (block root)" }</label>
                    <input id="checkpoint-input" type="text" inputmode="text" spellcheck="false" autocomplete="off"
                        placeholder="0x… (blank: trust the bootstrap's header)" value={(*checkpoint).clone()} oninput={on_checkpoint} />
                </div>
                if let Some(e) = &*error {
                    <p id="load-error" class="status" data-state="failed" role="alert">{ e.clone() }</p>
                }
                <div class="buttons">
                    <button id="verify-files" type="submit" disabled={busy}>{ "Verify these files" }</button>
                    <button id="replay-scenario" type="button" onclick={on_scenario} disabled={busy}>{ "Replay the recorded scenario" }</button>
                </div>
            </form>
        </section>
    }
}
