//! Shutdown as a broadcast signal (the mini-redis pattern): one [`Shutdown`]
//! handle is cloned into every part of the worker; triggering it once is seen
//! by all of them, from async tasks (`wait`) and plain threads (`is_triggered`).

use std::sync::Arc;

use tokio::sync::watch;

#[derive(Clone)]
pub struct Shutdown {
    tx: Arc<watch::Sender<bool>>,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown::new()
    }
}

impl Shutdown {
    pub fn new() -> Shutdown {
        let (tx, _rx) = watch::channel(false);
        Shutdown { tx: Arc::new(tx) }
    }

    /// Start shutting down. Idempotent.
    pub fn trigger(&self) {
        self.tx.send_replace(true);
    }

    pub fn is_triggered(&self) -> bool {
        *self.tx.borrow()
    }

    /// Resolves once [`Shutdown::trigger`] has been called (immediately if it already was).
    pub async fn wait(&self) {
        let mut rx = self.tx.subscribe();
        // The sender lives in `self`, so `wait_for` cannot fail with a closed channel.
        let _ = rx.wait_for(|&v| v).await;
    }
}

/// Install the SIGTERM/SIGINT handlers now (call inside a tokio runtime) and
/// trigger `shutdown` on the first signal. A second signal while draining
/// exits at once with status 130, for operators who really mean it. Installed
/// before start-up, so a signal while starting stops cleanly instead of
/// killing the process with the default action.
pub fn install(shutdown: Shutdown) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        tokio::spawn(async move {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = int.recv() => "SIGINT",
            };
            tracing::info!(signal = name, "shutting down: readiness off, draining");
            shutdown.trigger();
            tokio::select! {
                _ = term.recv() => {},
                _ = int.recv() => {},
            }
            tracing::warn!("second signal: exiting without finishing the drain");
            std::process::exit(130);
        });
    }
    #[cfg(not(unix))]
    {
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                tracing::info!("shutting down: readiness off, draining");
                shutdown.trigger();
            }
        });
    }
    Ok(())
}

/// [`install`] from async code, logging a failure instead of returning it.
pub async fn on_signals(shutdown: Shutdown) {
    if let Err(e) = install(shutdown) {
        tracing::error!(error = %e, "cannot install signal handlers");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn trigger_is_seen_by_clones() {
        let s = Shutdown::new();
        let c = s.clone();
        assert!(!c.is_triggered());
        let waiter = tokio::spawn(async move { c.wait().await });
        s.trigger();
        waiter.await.unwrap();
        assert!(s.is_triggered());
        // Waiting after the fact returns at once.
        s.wait().await;
    }
}
