//! Allocations per call (SDK against plain reqwest) and the memory of scoped handles:
//! `cargo bench --bench memory`. Prints its figures; asserts nothing.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicIsize, Ordering};

use palette_sdk::prelude::*;

/// Counts allocations made on threads that opted in, and the bytes live process-wide.
struct Counting;

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}
static LIVE_BYTES: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size() as isize);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size as isize - layout.size() as isize);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

fn note(bytes: isize) {
    LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed);
    let _ = COUNTING.try_with(|on| {
        if on.get() {
            let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        }
    });
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations on this thread while `f` runs.
fn allocations_during<T>(f: impl FnOnce() -> T) -> (T, u64) {
    ALLOCATIONS.with(|n| n.set(0));
    COUNTING.with(|on| on.set(true));
    let out = f();
    COUNTING.with(|on| on.set(false));
    (out, ALLOCATIONS.with(Cell::get))
}

fn main() {
    // Skip criterion's flags (`cargo bench` passes `--bench`).
    let base = common::start_server();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = common::sdk(&base);
    let plain = common::plain(&base);
    const CALLS: u64 = 500;
    const UID: &str = "651aa2f7e4b0c3d2a1f09e88";

    // Warm both pools and lazy statics first.
    rt.block_on(async {
        for _ in 0..20 {
            sdk.workspaces_uid_get().uid(UID).send().await.unwrap();
            common::plain_get(&plain, &base).await;
        }
    });
    let (_, sdk_allocs) = allocations_during(|| {
        rt.block_on(async {
            for _ in 0..CALLS {
                sdk.workspaces_uid_get().uid(UID).send().await.unwrap();
            }
        })
    });
    let (_, plain_allocs) = allocations_during(|| {
        rt.block_on(async {
            for _ in 0..CALLS {
                common::plain_get(&plain, &base).await;
            }
        })
    });
    println!("allocations per GET workspace (4 KB), over {CALLS} calls:");
    println!("  sdk      {:>7.1}", sdk_allocs as f64 / CALLS as f64);
    println!("  reqwest  {:>7.1}", plain_allocs as f64 / CALLS as f64);

    // Memory: one client, then 1,000 scoped handles made from it.
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let client = common::sdk(&base);
    let one = LIVE_BYTES.load(Ordering::Relaxed) - before;
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let handles: Vec<_> = (0..1000)
        .map(|i| client.with_project(format!("project-{i:04}")).unwrap())
        .collect();
    let thousand = LIVE_BYTES.load(Ordering::Relaxed) - before;
    println!("memory:");
    println!("  one client                  {one:>8} bytes");
    println!(
        "  1,000 scoped handles        {thousand:>8} bytes ({} bytes a handle)",
        thousand / 1000
    );
    println!(
        "  size_of::<Client>()         {:>8} bytes",
        std::mem::size_of::<palette_sdk::Client>()
    );
    let get = client.workspaces_uid_get().uid(UID).send();
    let create = client.workspaces_create().body(common::entity()).send();
    println!(
        "  a GET / POST call's future   {:>8} / {} bytes",
        std::mem::size_of_val(&get),
        std::mem::size_of_val(&create)
    );
    let get = common::plain_get(&plain, &base);
    let create = common::plain_create(&plain, &base, common::entity());
    println!(
        "  the same with plain reqwest  {:>8} / {} bytes",
        std::mem::size_of_val(&get),
        std::mem::size_of_val(&create)
    );
    drop(handles);
}
