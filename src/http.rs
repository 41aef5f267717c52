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

/// The running endpoint; [`Server::stop`] ends it.
pub struct Server {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Serve on an already bound listener until [`Server::stop`].
    pub fn spawn(listener: TcpListener, health: Health) -> Server {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router(health))
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        Server { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(());
        match self.task.await {
            Ok(Err(e)) => tracing::warn!(error = %e, "HTTP server ended with an error"),
            Err(e) => tracing::warn!(error = %e, "HTTP server task failed"),
            Ok(Ok(())) => {}
        }
    }
}

async fn metrics(State(h): State<Health>) -> impl IntoResponse {
    // What /readyz would answer now, so Prometheus sees readiness (and its flapping).
    h.metrics.ready.set(i64::from(unready(&h).is_none()));
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        h.metrics.render(),
    )
}

/// Why the worker is not ready, or `None` when it is.
fn unready(h: &Health) -> Option<&'static str> {
    if h.shutdown.is_triggered() {
        Some("shutting down\n")
    } else if h.metrics.assigned_partitions.get() == 0 {
        Some("no partitions assigned\n")
    } else {
        None
    }
}

async fn readyz(State(h): State<Health>) -> impl IntoResponse {
    match unready(&h) {
        Some(why) => (StatusCode::SERVICE_UNAVAILABLE, why),
        None => (StatusCode::OK, "ready\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(
            format!("GET {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .await
        .unwrap();
        let mut buf = String::new();
        s.read_to_string(&mut buf).await.unwrap();
        let status = buf.split_whitespace().nth(1).unwrap().parse().unwrap();
        (status, buf.split_once("\r\n\r\n").unwrap().1.to_string())
    }

    async fn request(addr: SocketAddr, raw: &str) -> u16 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        s.write_all(raw.as_bytes()).await.unwrap();
        let mut buf = String::new();
        let _ = s.read_to_string(&mut buf).await;
        buf.split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0)
    }

    #[tokio::test]
    async fn only_the_three_paths_answer() {
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Server::spawn(
            listener,
            Health {
                metrics: Arc::new(Metrics::new("test")),
                shutdown: Shutdown::new(),
            },
        );
        for path in [
            "/",
            "/metrics/",
            "/metrics/x",
            "/livez/..",
            "/../etc/passwd",
            "/debug/pprof",
            "/admin",
            "//metrics",
        ] {
            assert_eq!(get(addr, path).await.0, 404, "{path}");
        }
        let post =
            "POST /metrics HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        assert_eq!(request(addr, post).await, 405);
        let garbage = "GARBAGE\r\n\r\n";
        assert_eq!(
            request(addr, garbage).await / 100,
            4,
            "a malformed request is a client error (or a close)"
        );
        assert_eq!(get(addr, "/metrics").await.0, 200);
        server.stop().await;
    }

    #[tokio::test]
    async fn readiness_needs_partitions_and_turns_off_at_shutdown() {
        let metrics = Arc::new(Metrics::new("test"));
        let shutdown = Shutdown::new();
        let listener = bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Server::spawn(
            listener,
            Health {
                metrics: metrics.clone(),
                shutdown: shutdown.clone(),
            },
        );
        assert_eq!(get(addr, "/livez").await.0, 200);
        assert_eq!(
            get(addr, "/readyz").await,
            (503, "no partitions assigned\n".into())
        );
        metrics.assigned_partitions.set(2);
        assert_eq!(get(addr, "/readyz").await.0, 200);
        assert!(get(addr, "/metrics").await.1.contains("newsworker_ready 1"));
        shutdown.trigger();
        // Off at once, while the endpoint keeps answering during the drain.
        assert_eq!(get(addr, "/readyz").await, (503, "shutting down\n".into()));
        let (status, body) = get(addr, "/metrics").await;
        assert_eq!(status, 200);
        assert!(body.contains("newsworker_assigned_partitions 2"));
        assert!(
            body.contains("newsworker_ready 0"),
            "not ready while draining"
        );
        server.stop().await;
    }
}
