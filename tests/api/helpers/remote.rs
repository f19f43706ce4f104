//! A `tessera serve` process of a test's own: the modules split out behind the gateway, or a server to stop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};

/// A `tessera serve` process of its own, configured by `settings` (dotted keys become `APP__` variables).
pub struct RemoteProcess {
    pub address: String,
    /// Everything the process has logged so far.
    pub log: Arc<Mutex<String>>,
    child: Child,
}

impl RemoteProcess {
    pub fn start(settings: &[(String, String)], args: &[&str]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tessera"));
        command.arg("serve").args(args).env("RUST_LOG", "info");
        for (key, value) in settings {
            command.env(
                format!("APP__{}", key.replace('.', "__").to_uppercase()),
                value,
            );
        }
        let mut child = command
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the tessera binary starts");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the remote process logs its address")
                .expect("readable logs");
            if let Some(at) = line.find("listening on ") {
                break line[at + "listening on ".len()..].trim().to_owned();
            }
        };
        // Keep reading its logs so that it never blocks on a full pipe.
        let log = Arc::new(Mutex::new(String::new()));
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        RemoteProcess {
            address,
            log,
            child,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the process to exit; its exit code.
    pub fn wait(&mut self) -> Option<i32> {
        self.child.wait().ok().and_then(|s| s.code())
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for RemoteProcess {
    fn drop(&mut self) {
        self.stop();
    }
}
