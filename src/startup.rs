//! The one build function shared by `main` and the tests: open and migrate each module's database, bind the
//! listener, and start the server with every selected module mounted under `/api/<module>/`.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Condition, DefaultHeaders};
use actix_web::web::{self, Data};
use actix_web::{App, HttpServer};
use tessera_kernel::http::body::BodyLimit;
use tessera_kernel::http::hosts::{check_host, AllowedHosts};
use tessera_kernel::http::origin::TrustedProxies;
use tessera_kernel::http::routes::{format_suffix, guarded, head_as_get, not_found};
use tessera_kernel::http::throttle::Throttle;

use crate::api_root::{api_root, ApiRoot};
use crate::databases::{self, MountedModule};
use crate::docs;
use crate::error::StartupError;
use crate::gateway;
use crate::health;
use crate::interfaces::Interfaces;
use crate::metrics::Metrics;
use crate::modules::{self, Plan};
use crate::settings::Settings;
use crate::shutdown;

pub struct Application {
    port: u16,
    server: Server,
    /// The metrics server, when metrics have an address of their own.
    metrics_server: Option<Server>,
    /// The listening socket, kept to refuse new connections on shutdown.
    listener: TcpListener,
}

impl Application {
    pub async fn build(settings: Settings) -> Result<Self, StartupError> {
        let plan = plan(&settings)?;
        let mounted = {
            let settings = settings.clone();
            let migrate = settings.database.run_migrations;
            let local = plan.local.clone();
            web::block(move || databases::open(&settings, &local, migrate))
                .await
                .map_err(|e| StartupError::Database {
                    module: "*",
                    cause: e.to_string(),
                })??
        };
        let address = format!("{}:{}", settings.server.host, settings.server.port);
        let bind_error = |cause| StartupError::Bind {
            address: address.clone(),
            cause,
        };
        let listener = TcpListener::bind(&address).map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();
        for (module, url) in &plan.remote {
            log::info!("module {}: forwarded to {url}", module.name());
        }
        let kept = listener.try_clone().map_err(bind_error)?;
        let events = crate::events::start(&settings, &mounted).await;
        let metrics = Data::new(Metrics::new(
            mounted.iter().map(|m| m.database.clone()).collect(),
            events.outboxes.clone(),
        ));
        let metrics_server = metrics_server(&settings, metrics.clone())?;
        let server =
            serve(listener, &settings, mounted, &plan, metrics, &events).map_err(bind_error)?;
        log::info!("listening on http://{}:{port}", settings.server.host);
        Ok(Application {
            port,
            server,
            metrics_server,
            listener: kept,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then shuts down gracefully (see [`crate::shutdown`]).
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        actix_web::rt::spawn(shutdown::on_signal(self.server.handle(), self.listener));
        if let Some(metrics) = self.metrics_server {
            let handle = metrics.handle();
            actix_web::rt::spawn(metrics);
            let served = self.server.await;
            handle.stop(true).await;
            return served;
        }
        self.server.await
    }
}

/// Which modules this process serves itself and which it forwards.
pub fn plan(settings: &Settings) -> Result<Plan, StartupError> {
    Plan::new(settings).map_err(|unknown| {
        let known: Vec<_> = modules::MODULES.iter().map(|m| m.name()).collect();
        StartupError::UnknownModule(unknown, known.join(", "))
    })
}

fn serve(
    listener: TcpListener,
    settings: &Settings,
    mounted: Vec<MountedModule>,
    plan: &Plan,
    metrics: Data<Metrics>,
    events: &crate::events::Events,
) -> std::io::Result<Server> {
    let metrics_here = settings.metrics.enabled && settings.metrics.address.is_empty();
    let served = plan.served();
    let root = Data::new(ApiRoot(
        served
            .iter()
            .flat_map(|m| m.resources().into_iter().map(|r| r.api_path(m.name())))
            .collect(),
    ));
    let proxies = Data::new(TrustedProxies(settings.server.trusted_proxies.clone()));
    let body_limit = Data::new(
        BodyLimit::new(
            settings.server.max_body_bytes,
            std::time::Duration::from_secs(settings.server.client_body_timeout_secs),
        )
        .with_budget(
            settings.server.body_memory_bytes,
            settings.server.body_queue_limit,
        ),
    );
    let allowed_hosts = Data::new(AllowedHosts(settings.server.allowed_hosts.clone()));
    let document = docs::openapi(&served, settings);
    let signer = Data::new(settings.signer());
    let permissions = settings.clone();
    let throttles: Vec<(&'static str, Data<Throttle>)> = mounted
        .iter()
        .map(|m| {
            (
                m.module.name(),
                Data::new(settings.throttle(m.module.name())),
            )
        })
        .collect();
    let cors_settings = settings.cors.clone();
    let metrics_enabled = settings.metrics.enabled;
    let interfaces = Interfaces::new(settings, plan, &mounted);
    let remotes = plan.remote.clone();
    let gateway = settings.gateway.clone();
    let health = Data::new(health::Dependencies {
        databases: mounted.iter().map(|m| m.database.clone()).collect(),
        remotes: plan
            .remote
            .iter()
            .map(|(m, url)| (m.name(), url.clone()))
            .collect(),
        timeout: settings.gateway.connect_timeout(),
        broker: events.broker.clone(),
    });
    let mut server = HttpServer::new(move || {
        let mut app = App::new()
            .app_data(root.clone())
            .app_data(proxies.clone())
            .app_data(body_limit.clone())
            .app_data(allowed_hosts.clone())
            .app_data(health.clone())
            .app_data(signer.clone())
            .app_data(metrics.clone())
            .configure(|cfg| interfaces.register(cfg))
            .service(guarded("/api/").to(api_root));
        for m in &mounted {
            let module = m.module;
            app = app.service(
                web::scope(&format!("/api/{}", module.name()))
                    .app_data(Data::new(m.database.clone()))
                    .app_data(Data::new(tessera_kernel::module::ModuleTables(
                        module.tables(),
                    )))
                    .app_data(Data::new(permissions.permission(module)))
                    .app_data(
                        throttles
                            .iter()
                            .find(|(name, _)| *name == module.name())
                            .map(|(_, t)| t.clone())
                            .unwrap_or_default(),
                    )
                    .configure(|cfg| module.routes(cfg)),
            );
        }
        for (module, url) in &remotes {
            app = app.service(gateway::scope(module.name(), url, &gateway));
        }
        if metrics_here {
            app = app.route("/metrics", web::get().to(crate::metrics::show));
        }
        app.configure(health::routes)
            .service(
                web::redirect("/swagger-ui", "/swagger-ui/")
                    .using_status_code(actix_web::http::StatusCode::MOVED_PERMANENTLY),
            )
            .service(docs::swagger_ui(document.clone()))
            .default_service(web::to(not_found))
            .wrap(from_fn(format_suffix))
            .wrap(from_fn(head_as_get))
            .wrap(Condition::new(
                !cors_settings.allowed_origins.is_empty(),
                crate::cors::cors(&cors_settings),
            ))
            .wrap(from_fn(crate::cors::json_refusals))
            .wrap(Condition::new(
                metrics_enabled,
                from_fn(crate::metrics::record),
            ))
            .wrap(from_fn(check_host))
            .wrap(security_headers())
            .wrap(from_fn(crate::access_log::access_log))
    })
    .disable_signals()
    .shutdown_timeout(settings.server.shutdown_timeout_secs)
    .client_request_timeout(std::time::Duration::from_secs(
        settings.server.client_request_timeout_secs,
    ))
    .listen(listener)?;
    if settings.server.workers > 0 {
        server = server.workers(settings.server.workers);
    }
    Ok(server.run())
}

/// Metrics on an address of their own, when configured.
fn metrics_server(
    settings: &Settings,
    metrics: Data<Metrics>,
) -> Result<Option<Server>, StartupError> {
    let address = settings.metrics.address.trim();
    if !settings.metrics.enabled || address.is_empty() {
        return Ok(None);
    }
    let server = HttpServer::new(move || {
        App::new()
            .app_data(metrics.clone())
            .route("/metrics", web::get().to(crate::metrics::show))
    })
    .workers(1)
    .disable_signals()
    .bind(address)
    .map_err(|cause| StartupError::Bind {
        address: address.to_owned(),
        cause,
    })?
    .run();
    log::info!("metrics on http://{address}/metrics");
    Ok(Some(server))
}

/// Headers Django's security middleware sets on every response.
fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}
