//! Starting the server: bind, announce the address, serve until Ctrl-C.

use tokio::net::TcpListener;

use crate::cli::ServeArgs;
use crate::routes::app;

/// Binds `args.listen` and serves. The first line on standard output is
/// `listening on http://ADDR/`, which scripts and tests read to learn the port when it was 0.
pub async fn run(args: &ServeArgs) -> std::io::Result<()> {
    if !args.dist.join("index.html").is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            format!(
                "no built app in {}: run `cargo xtask demo`, or build it with `trunk build --release`",
                args.dist.display()
            ),
        ));
    }
    let listener = TcpListener::bind(args.listen).await?;
    let address = listener.local_addr()?;
    println!("listening on http://{address}/");
    tracing::info!(%address, dist = %args.dist.display(), "serving");
    axum::serve(listener, app(&args.dist))
        .with_graceful_shutdown(shutdown())
        .await
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
