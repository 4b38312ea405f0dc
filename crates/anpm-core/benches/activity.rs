//! Activity frames under an adversarial burst: 10 runners changing phase on every update (so the bus's
//! same-phase coalescing never helps) at 10,000 updates/s for 5 s. Measures what a screen subscriber
//! (the frame batcher the desktop shell uses) receives per second and how long an update waits, next to
//! a plain bus subscriber (the baseline: every update, no batching) in the same run.
//!
//! Prints a markdown section on stdout; `just bench` collects it into docs/benchmarks.md.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anpm_core::activity::frame::Frames;
use anpm_core::activity::{activity, Activity, Bus, Phase};
use anpm_core::domain::Timestamp;
use tokio::sync::broadcast::error::RecvError;

const RUNNERS: u32 = 10;
const RATE: u32 = 10_000;
const SECONDS: u32 = 5;

fn percentile(samples: &mut [f64], q: f64) -> f64 {
    samples.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
    samples[((samples.len() as f64 * q).ceil() as usize).saturating_sub(1).min(samples.len() - 1)]
}

/// Milliseconds from an update's `updated_at` to now.
fn age_ms(a: &Activity) -> f64 {
    let now = Timestamp::now().as_datetime();
    (now - a.updated_at.as_datetime()).as_seconds_f64() * 1000.0
}

struct Received {
    /// Deliveries (batches for the framed subscriber, updates for the plain one) per whole second.
    per_second: BTreeMap<u64, u64>,
    /// Age of every update when it was handed over.
    ages: Vec<f64>,
    updates: u64,
}

fn main() {
    let bus = Bus::new(None);
    let (_, framed_rx) = bus.subscribe();
    let (_, plain_rx) = bus.subscribe();
    let start = Instant::now();

    let framed = std::thread::spawn(move || {
        let mut frames = Frames::new(framed_rx);
        let mut got = Received { per_second: BTreeMap::new(), ages: Vec::new(), updates: 0 };
        while let Some(batch) = frames.next_batch() {
            *got.per_second.entry(start.elapsed().as_secs()).or_default() += 1;
            got.updates += batch.len() as u64;
            got.ages.extend(batch.iter().map(age_ms));
        }
        (got, frames.skipped)
    });
    let plain = std::thread::spawn(move || {
        let mut rx = plain_rx;
        let mut got = Received { per_second: BTreeMap::new(), ages: Vec::new(), updates: 0 };
        let mut missed = 0;
        loop {
            match rx.blocking_recv() {
                Ok(a) => {
                    *got.per_second.entry(start.elapsed().as_secs()).or_default() += 1;
                    got.updates += 1;
                    got.ages.push(age_ms(&a));
                }
                Err(RecvError::Lagged(n)) => missed += n,
                Err(RecvError::Closed) => break,
            }
        }
        (got, missed)
    });

    // Paced in 1 ms slices of RATE/1000 updates, every update a phase change of one runner.
    let total = RATE * SECONDS;
    let per_slice = RATE / 1000;
    let mut sent = 0u32;
    while sent < total {
        for _ in 0..per_slice {
            let runner = format!("runner-{}", sent % RUNNERS);
            let phase = if (sent / RUNNERS).is_multiple_of(2) {
                Phase::Dispatching
            } else {
                Phase::Submitting
            };
            let mut a = activity(runner.as_str(), phase);
            a.step = Some(format!("step {sent}"));
            bus.publish(a);
            sent += 1;
        }
        let due = Duration::from_micros(u64::from(sent) * 1_000_000 / u64::from(RATE));
        if let Some(wait) = due.checked_sub(start.elapsed()) {
            std::thread::sleep(wait);
        }
    }
    let publish_secs = start.elapsed().as_secs_f64();
    drop(bus);
    let (mut framed, skipped) = framed.join().expect("framed subscriber");
    let (mut plain, missed) = plain.join().expect("plain subscriber");

    // Whole seconds only, inside the publishing window.
    let full = |r: &Received| {
        r.per_second
            .iter()
            .filter(|(s, _)| **s < u64::from(SECONDS))
            .map(|(_, n)| *n)
            .max()
            .unwrap_or(0)
    };
    println!("## Activity frames under an adversarial burst");
    println!();
    println!(
        "{RUNNERS} runners, every update a phase change (the bus's coalescing cannot merge them), {RATE} updates/s for \
         {SECONDS} s: {total} published in {publish_secs:.2} s. The frame batcher is what the desktop shell emits to the \
         webview; the plain subscriber (baseline) takes every update as it comes."
    );
    println!();
    println!("| subscriber | deliveries in the busiest second | updates handed over | age at hand-over p50 / p99 / max (ms) | missed (lagged) |");
    println!("|---|---|---|---|---|");
    for (name, r, lost) in [
        ("frame batcher (batches)", &mut framed, skipped),
        ("plain bus subscriber (baseline, updates)", &mut plain, missed),
    ] {
        let max = r.ages.iter().copied().fold(0.0, f64::max);
        let p50 = percentile(&mut r.ages, 0.5);
        let p99 = percentile(&mut r.ages, 0.99);
        println!(
            "| {name} | {} | {} | {p50:.2} / {p99:.2} / {max:.2} | {lost} |",
            full(r),
            r.updates
        );
    }
    println!();
    let busiest = full(&framed);
    let verdict = if busiest <= 60 { "met" } else { "NOT met" };
    println!(
        "Goal ≤ 60 deliveries/s to a screen — **{verdict}** ({busiest}). Every runner's last state is in the final \
         batches (the core test `a_burst_arrives_in_at_most_one_batch_per_frame_with_the_latest_state_per_runner` \
         checks it)."
    );
    println!();
}
