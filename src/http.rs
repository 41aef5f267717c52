//! The operations endpoint: `/metrics` (Prometheus text format), `/livez`, `/readyz`.
//!
//! Ready means: partitions are assigned and shutdown has not begun. Readiness
//! turns off at the first moment of shutdown, while the server keeps answering
//! (so a load balancer or operator sees the drain).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use crate::metrics::Metrics;
use crate::shutdown::Shutdown;

#[derive(Clone)]
pub struct Health {
    pub metrics: Arc<Metrics>,
    pub shutdown: Shutdown,
}

impl Health {
    pub fn ready(&self) -> bool {
        !self.shutdown.is_triggered() && self.metrics.assigned_partitions.get() > 0
    }
}

/// Bind eagerly so a bad or busy `--metrics-addr` is a start-up error.
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

pub fn router(health: Health) -> Router {
    Router::new()
        .route("/metrics", get(metrics))
        .route("/livez", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .with_state(health)
}

/// Serve until `stop` resolves.
pub async fn serve(
    listener: TcpListener,
    health: Health,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(health))
        .with_graceful_shutdown(stop)
        .await
}

async fn metrics(State(h): State<Health>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        h.metrics.render(),
    )
}

async fn readyz(State(h): State<Health>) -> impl IntoResponse {
    if h.shutdown.is_triggered() {
        (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n")
    } else if h.metrics.assigned_partitions.get() == 0 {
        (StatusCode::SERVICE_UNAVAILABLE, "no partitions assigned\n")
    } else {
        (StatusCode::OK, "ready\n")
    }
}
