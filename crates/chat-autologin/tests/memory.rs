//! Resident memory stays flat while one `Issuer` and one `Verifier` mint and
//! verify a million tokens (Linux only: it reads `/proc/self/status`).
//!
//! A leak of even a few bytes per token would show: resident memory is read
//! after a warm-up (the allocator's pools, the per-thread buffers and the test
//! harness settle in the first tokens) and again at the end, and may grow by
//! at most [`MAX_GROWTH_KIB`]. A leaked token (about 250 bytes) over the
//! 800 000 tokens after the warm-up would be some 200 MB; a leak of 8 bytes a
//! token would still be over the bound.
//!
//! Rejections are in the mix (a wrong signature, an expired token, a malformed
//! one, a refused email), since an error builds a message that must be freed
//! too.
//!
//! `CHAT_AUTOLOGIN_MEMORY_TOKENS` sets another count (for a quick look, or a
//! longer soak).

use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Barrier;
use std::time::{Duration, Instant, UNIX_EPOCH};

use chat_autologin::{ErrorKind, Issuer, Verifier};

const SECRET: &str = "Xk3f9Qm2Lp7Rt4Vw8Zb1Nc6Hd5Jg0Ks3Ue7Yi2Oa9Pq4Ws6Ex1Rz8Tc5Vb2Nm7Lk4Jh9Gf3Dd6Sa";
const OTHER_SECRET: &str = "a-secret-of-another-service-desk-that-signs-nothing-here-0123456789";
const NOW: u64 = 1_764_115_200;
const TOKENS: usize = 1_000_000;
/// The growth allowed between the end of the warm-up and the end, in KiB.
const MAX_GROWTH_KIB: u64 = 4 * 1024;

/// The resident set size of this process, in KiB (`VmRSS` in `/proc/self/status`).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line in /proc/self/status")
}

/// Mints and verifies `count` tokens, numbered from `first`, one in 16 of them
/// rejected in one of four ways.
fn mint_and_verify(
    issuer: &Issuer,
    stranger: &Issuer,
    verifier: &Verifier,
    first: usize,
    count: usize,
) {
    let now = UNIX_EPOCH + Duration::from_secs(NOW);
    let later = now + Duration::from_secs(3_600);
    let mut email = String::with_capacity(64);
    for i in first..first + count {
        email.clear();
        write!(email, "visitor-{i}@example.com").unwrap();
        match i % 16 {
            // A token from a secret the verifier does not hold.
            13 => {
                let token = stranger.mint_at(&email, "Someone Else", now).unwrap();
                let err = verifier.verify_at(&token, now).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::BadSignature);
            }
            // An expired token.
            14 => {
                let token = issuer.mint_at(&email, "Ada Lovelace", now).unwrap();
                let err = verifier.verify_at(&token, later).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::TokenExpired);
            }
            // A token without its signature, and an email the issuer refuses.
            15 => {
                let token = issuer.mint_at(&email, "Ada Lovelace", now).unwrap();
                let (unsigned, _) = token.rsplit_once('.').unwrap();
                let err = verifier.verify_at(unsigned, now).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::MalformedToken);
                let err = issuer.mint_at("no-at-sign", "Ada", now).unwrap_err();
                assert_eq!(err.kind(), ErrorKind::InvalidEmail);
            }
            _ => {
                let token = issuer.mint_at(&email, "Ada Lovelace", now).unwrap();
                let claims = verifier.verify_at(&token, now).unwrap();
                assert_eq!(claims.email, email);
                assert_eq!(claims.exp - claims.iat, 300.0);
            }
        }
    }
}

#[test]
#[cfg_attr(not(target_os = "linux"), ignore = "reads /proc/self/status")]
fn a_million_tokens_leave_resident_memory_flat() {
    let tokens = std::env::var("CHAT_AUTOLOGIN_MEMORY_TOKENS")
        .ok()
        .map(|count| count.parse::<usize>().expect("a count of tokens"))
        .unwrap_or(TOKENS);
    // A debug build mints and verifies some 40 000 to 80 000 tokens a second
    // on one core (the hashing is not optimized): the work is shared by up to
    // four threads, one Issuer and one Verifier for all, to stay near ten
    // seconds on two idle cores.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    let per_worker = tokens / workers;
    let warm_up = per_worker / 5;

    let issuer = Issuer::new(SECRET, Duration::from_secs(300)).unwrap();
    let verifier = Verifier::new([SECRET, OTHER_SECRET]).unwrap();
    let stranger = Issuer::new(OTHER_SECRET.repeat(2), Duration::from_secs(300)).unwrap();

    let started = Instant::now();
    // Every worker warms up, then waits while the main thread reads resident
    // memory, then does the rest; the main thread samples until they finish.
    let warmed_up = Barrier::new(workers + 1);
    let measured = Barrier::new(workers + 1);
    let finished = AtomicUsize::new(0);
    let (after_warm_up, samples) = std::thread::scope(|scope| {
        for worker in 0..workers {
            let (issuer, stranger, verifier) = (&issuer, &stranger, &verifier);
            let (warmed_up, measured, finished) = (&warmed_up, &measured, &finished);
            scope.spawn(move || {
                let first = worker * per_worker;
                mint_and_verify(issuer, stranger, verifier, first, warm_up);
                warmed_up.wait();
                measured.wait();
                mint_and_verify(
                    issuer,
                    stranger,
                    verifier,
                    first + warm_up,
                    per_worker - warm_up,
                );
                finished.fetch_add(1, Ordering::SeqCst);
            });
        }
        warmed_up.wait();
        let after_warm_up = resident_kib();
        measured.wait();
        let mut samples = Vec::new();
        while finished.load(Ordering::SeqCst) < workers {
            std::thread::sleep(Duration::from_millis(250));
            samples.push(resident_kib());
        }
        (after_warm_up, samples)
    });
    let at_end = resident_kib();
    let elapsed = started.elapsed();
    let growth = at_end.saturating_sub(after_warm_up);
    let peak = samples.iter().copied().max().unwrap_or(at_end);
    // Shown with --nocapture, and when the assertion fails.
    let report = format!(
        "{} tokens minted and verified by {workers} threads in {:.1} s: resident \
         {after_warm_up} KiB after {} tokens, {at_end} KiB at the end (+{growth} KiB), \
         peak {peak} KiB",
        per_worker * workers,
        elapsed.as_secs_f64(),
        warm_up * workers,
    );
    println!("{report}");
    assert!(
        growth <= MAX_GROWTH_KIB && peak.saturating_sub(after_warm_up) <= MAX_GROWTH_KIB,
        "resident memory grew by more than {MAX_GROWTH_KIB} KiB: {report}"
    );
}
