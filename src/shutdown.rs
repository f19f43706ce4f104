//! Graceful shutdown. On SIGTERM or Ctrl-C the listening socket first drops new connection attempts (a socket
//! filter; those clients see their connection refused, never a request cut short), the connections the kernel had
//! already queued are still accepted and served, and then the server stops accepting and gives the requests in
//! flight `server.shutdown_timeout_secs` to finish before the process exits 0.

use std::net::TcpListener;
use std::time::Duration;

use actix_web::dev::ServerHandle;

/// How long connections already queued by the kernel get to be accepted once new ones are dropped.
const DRAIN: Duration = Duration::from_millis(300);

/// Waits for SIGTERM or Ctrl-C, then shuts `server` down gracefully.
pub async fn on_signal(server: ServerHandle, listener: TcpListener) {
    wait_for_signal().await;
    log::info!("shutting down: refusing new connections, finishing requests in flight");
    refuse_new_connections(&listener);
    actix_web::rt::time::sleep(DRAIN).await;
    server.stop(true).await;
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use actix_web::rt::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                let terminated = Box::pin(terminate.recv());
                let interrupted = Box::pin(actix_web::rt::signal::ctrl_c());
                futures_util::future::select(terminated, interrupted).await;
            }
            Err(e) => {
                log::warn!(
                    "cannot listen for SIGTERM ({e}); only Ctrl-C stops the server gracefully"
                );
                let _ = actix_web::rt::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = actix_web::rt::signal::ctrl_c().await;
}

/// Attaches a socket filter that drops every packet to the listening socket: new handshakes never complete.
fn refuse_new_connections(listener: &TcpListener) {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        // BPF: `ret #0`, keep nothing.
        const DROP_ALL: [socket2::SockFilter; 1] = [socket2::SockFilter::new(0x06, 0, 0, 0)];
        if let Err(e) = socket2::SockRef::from(listener).attach_filter(&DROP_ALL) {
            log::warn!("cannot refuse new connections before shutdown: {e}");
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let _ = listener;
}
