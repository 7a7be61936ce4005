//! SDK time per call against plain reqwest, and decode throughput: `cargo bench --bench sdk_overhead`.

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use futures_util::future::join_all;
use palette_sdk::prelude::*;
use palette_sdk::types;

fn calls(c: &mut Criterion) {
    let base = common::start_server();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let sdk = common::sdk(&base);
    let plain = common::plain(&base);
    let entity = common::entity();
    const UID: &str = "651aa2f7e4b0c3d2a1f09e88";

    let mut group = c.benchmark_group("get_workspace_4kb");
    group.bench_function("sdk", |b| {
        b.to_async(&rt)
            .iter(|| async { sdk.workspaces_uid_get().uid(UID).send().await.unwrap() })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&rt).iter(|| common::plain_get(&plain, &base))
    });
    group.finish();

    let mut group = c.benchmark_group("get_workspace_4kb_x32_concurrent");
    group.throughput(Throughput::Elements(32));
    group.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| {
            join_all(
                (0..32).map(|_| async { sdk.workspaces_uid_get().uid(UID).send().await.unwrap() }),
            )
        })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&rt)
            .iter(|| join_all((0..32).map(|_| common::plain_get(&plain, &base))))
    });
    group.finish();

    let mut group = c.benchmark_group("post_create");
    group.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| async {
            sdk.workspaces_create()
                .body(entity.clone())
                .send()
                .await
                .unwrap()
        })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&rt)
            .iter(|| common::plain_create(&plain, &base, entity.clone()))
    });
    group.finish();

    let mut group = c.benchmark_group("post_create_x32_concurrent");
    group.throughput(Throughput::Elements(32));
    group.bench_function("sdk", |b| {
        b.to_async(&rt).iter(|| {
            join_all((0..32).map(|_| async {
                sdk.workspaces_create()
                    .body(entity.clone())
                    .send()
                    .await
                    .unwrap()
            }))
        })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&rt)
            .iter(|| join_all((0..32).map(|_| common::plain_create(&plain, &base, entity.clone()))))
    });
    group.finish();

    let mut group = c.benchmark_group("list_workspaces_1mb");
    group.sample_size(30);
    group.bench_function("sdk", |b| {
        b.to_async(&rt)
            .iter(|| async { sdk.dashboard_workspaces_list().send().await.unwrap() })
    });
    group.bench_function("reqwest", |b| {
        b.to_async(&rt).iter(|| common::plain_list(&plain, &base))
    });
    group.finish();
}

fn decoding(c: &mut Criterion) {
    let list = common::dashboard_json();
    let mut group = c.benchmark_group("decode_list_1mb");
    group.throughput(Throughput::Bytes(list.len() as u64));
    group.bench_function("sdk_types", |b| {
        b.iter(|| serde_json::from_slice::<types::DashboardWorkspaces>(&list).unwrap())
    });
    group.bench_function("serde_json_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(&list).unwrap())
    });
    group.finish();
}

criterion_group!(benches, calls, decoding);
criterion_main!(benches);
