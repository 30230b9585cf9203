//! trawl's side of the plugin host: child processes that run the plugins, each call with a
//! time limit, a crashed or stuck child replaced by a fresh one.

use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::frame::{encode_call, read_frame, write_frame, ANSWER, CALL_ERROR, NOTHING};
use super::PluginInfo;

/// How to start the plugin host, and how long a plugin may take.
#[derive(Debug, Clone)]
pub struct IsolatedConfig {
    /// The program to run: a binary whose `args` make it call
    /// [`serve_plugins`](super::serve_plugins) with the library paths appended.
    pub program: PathBuf,
    /// Its arguments before the library paths, e.g. `["plugin-host"]`.
    pub args: Vec<OsString>,
    /// The longest a plugin may take on one record (and the host to load the libraries).
    pub timeout: Duration,
}

/// What the host says about one library it was asked to load.
#[derive(Debug, Deserialize)]
pub(super) struct Loaded {
    pub info: Option<PluginInfo>,
    pub abi: Option<u32>,
    pub error: Option<String>,
}

/// Why a call to the host did not give an answer.
enum Failure {
    /// Writing the call failed: the host was gone before the call (not the plugin's fault).
    Gone,
    /// No answer within the time limit.
    TimedOut,
    /// The host ended while the plugin ran.
    Ended(String),
    /// The host answered something that is not a frame of this protocol.
    Broken,
}

/// One running plugin host.
struct HostProcess {
    child: Child,
    stdin: Option<ChildStdin>,
    frames: Receiver<io::Result<Vec<u8>>>,
}

impl HostProcess {
    fn spawn(config: &IsolatedConfig, paths: &[PathBuf]) -> io::Result<HostProcess> {
        let mut child = Command::new(&config.program)
            .args(&config.args)
            .args(paths)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take();
        let mut stdout = child.stdout.take().expect("stdout is piped");
        let (send, frames) = mpsc::channel();
        std::thread::spawn(move || loop {
            match read_frame(&mut stdout) {
                Ok(Some(frame)) => {
                    if send.send(Ok(frame)).is_err() {
                        break;
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    let _ = send.send(Err(error));
                    break;
                }
            }
        });
        Ok(HostProcess {
            child,
            stdin,
            frames,
        })
    }

    /// The next frame within `timeout`.
    fn receive(&mut self, timeout: Duration) -> Result<Vec<u8>, Failure> {
        match self.frames.recv_timeout(timeout) {
            Ok(Ok(frame)) => Ok(frame),
            Ok(Err(_)) => Err(Failure::Broken),
            Err(RecvTimeoutError::Timeout) => Err(Failure::TimedOut),
            Err(RecvTimeoutError::Disconnected) => Err(Failure::Ended(self.how_it_ended())),
        }
    }

    /// What the libraries said when the host loaded them.
    fn loaded(&mut self, timeout: Duration) -> Result<Vec<Loaded>, Failure> {
        let frame = self.receive(timeout)?;
        serde_json::from_slice(&frame).map_err(|_| Failure::Broken)
    }

    fn call(
        &mut self,
        plugin: usize,
        record: &str,
        config: &str,
        timeout: Duration,
    ) -> Result<Result<Option<Vec<u8>>, String>, Failure> {
        let stdin = self.stdin.as_mut().ok_or(Failure::Gone)?;
        write_frame(stdin, &encode_call(plugin, record, config)).map_err(|_| Failure::Gone)?;
        let frame = self.receive(timeout)?;
        match frame.split_first() {
            Some((&ANSWER, bytes)) => Ok(Ok(Some(bytes.to_vec()))),
            Some((&NOTHING, _)) => Ok(Ok(None)),
            Some((&CALL_ERROR, reason)) => Ok(Err(String::from_utf8_lossy(reason).into_owned())),
            _ => Err(Failure::Broken),
        }
    }

    /// Whether the host is still running (a host killed while idle is not).
    fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Waits (briefly) for the host to end and says how it did.
    fn how_it_ended(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(2);
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return describe_exit(status),
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                _ => {
                    let _ = self.child.kill();
                    return "it closed its answers and was stopped".to_owned();
                }
            }
        }
    }

    /// Stops the host at once.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for HostProcess {
    /// Closing its input lets a healthy host end on its own (plugins' destructors run); one
    /// that does not end soon is killed.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_millis(500);
        while Instant::now() < deadline {
            if !matches!(self.child.try_wait(), Ok(None)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(unix)]
fn describe_exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("it exited with status {code}"),
        (None, Some(signal)) => {
            let name = match signal {
                4 => " (SIGILL)",
                6 => " (SIGABRT, an abort)",
                7 => " (SIGBUS)",
                8 => " (SIGFPE)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV, a segmentation fault)",
                15 => " (SIGTERM)",
                _ => "",
            };
            format!("it was killed by signal {signal}{name}")
        }
        (None, None) => "it ended".to_owned(),
    }
}

#[cfg(not(unix))]
fn describe_exit(status: ExitStatus) -> String {
    format!("it ended with {status}")
}

/// Plugin hosts ready for calls: one per caller at a time, started when needed.
pub(super) struct Pool {
    config: IsolatedConfig,
    paths: Vec<PathBuf>,
    idle: Mutex<Vec<HostProcess>>,
}

impl Pool {
    /// Starts a host for `paths` and reads what it loaded; `Err` says why no host ran.
    pub(super) fn start(
        config: &IsolatedConfig,
        paths: &[PathBuf],
    ) -> Result<(Pool, Vec<Loaded>), String> {
        let mut process = HostProcess::spawn(config, paths).map_err(|e| {
            format!(
                "the plugin host ({}) could not start: {e}",
                config.program.display()
            )
        })?;
        let loaded = match process.loaded(config.timeout) {
            Ok(loaded) if loaded.len() == paths.len() => loaded,
            Ok(_) | Err(Failure::Broken) | Err(Failure::Gone) => {
                process.kill();
                return Err("the plugin host answered something unexpected".to_owned());
            }
            Err(Failure::TimedOut) => {
                process.kill();
                return Err(format!(
                    "loading it took longer than {} (its initialisation code hangs?)",
                    seconds(config.timeout)
                ));
            }
            Err(Failure::Ended(how)) => {
                process.kill();
                return Err(format!("loading it crashed the plugin host: {how}"));
            }
        };
        let pool = Pool {
            config: config.clone(),
            paths: paths.to_vec(),
            idle: Mutex::new(vec![process]),
        };
        Ok((pool, loaded))
    }

    /// A pool with no plugins (never starts a host).
    pub(super) fn empty(config: &IsolatedConfig) -> Pool {
        Pool {
            config: config.clone(),
            paths: Vec::new(),
            idle: Mutex::new(Vec::new()),
        }
    }

    /// The libraries each host loads, in call-index order.
    pub(super) fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// A host for the next call: an idle one still running, else a new one.
    fn take(&self) -> Result<HostProcess, String> {
        loop {
            let next = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            match next {
                Some(mut process) => {
                    if process.alive() {
                        return Ok(process);
                    }
                    process.kill();
                }
                None => break,
            }
        }
        let mut process = HostProcess::spawn(&self.config, &self.paths)
            .map_err(|e| format!("the plugin host could not be restarted: {e}"))?;
        match process.loaded(self.config.timeout) {
            Ok(loaded) if loaded.iter().all(|l| l.error.is_none()) => Ok(process),
            _ => {
                process.kill();
                Err("the plugin host was restarted but could no longer load the plugins".to_owned())
            }
        }
    }

    /// Runs plugin number `plugin` on a record: its answer's bytes (`None`: it returned
    /// nothing), or why there is no answer.
    pub(super) fn call(
        &self,
        plugin: usize,
        record: &str,
        config: &str,
    ) -> Result<Option<Vec<u8>>, String> {
        // A host that died while idle fails on the write; the call is then made once more on
        // a fresh host, since the plugin never saw it.
        for _attempt in 0..2 {
            let mut process = self.take()?;
            match process.call(plugin, record, config, self.config.timeout) {
                Ok(answer) => {
                    self.idle
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(process);
                    return answer;
                }
                Err(Failure::Gone) => process.kill(),
                Err(Failure::TimedOut) => {
                    process.kill();
                    return Err(format!(
                        "took longer than {} on this record, the limit per call (--plugin-timeout raises it); it was stopped and the plugin host restarted",
                        seconds(self.config.timeout)
                    ));
                }
                Err(Failure::Ended(how)) => {
                    process.kill();
                    return Err(format!(
                        "crashed the plugin host on this record ({how}); the plugin host was restarted"
                    ));
                }
                Err(Failure::Broken) => {
                    process.kill();
                    return Err(
                        "broke the plugin host's answers; the plugin host was restarted".to_owned(),
                    );
                }
            }
        }
        Err("the plugin host ended before the call, twice".to_owned())
    }
}

fn seconds(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}
