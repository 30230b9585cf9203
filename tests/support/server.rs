//! A tiny HTTP/1.1 server on 127.0.0.1 for the fetching tests: answers from a closure, and
//! remembers every request.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A request as the server saw it: path, when, and its `If-None-Match`.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The path asked for.
    pub path: String,
    /// When.
    pub at: Instant,
    /// Whether it carried `If-None-Match`.
    pub conditional: bool,
}

/// What the server answers: (path, how many times it was asked so far, whether the request
/// is conditional) to (status, headers, body).
pub type Handler =
    dyn Fn(&str, usize, bool) -> (u16, Vec<(&'static str, String)>, Vec<u8>) + Send + Sync;

/// A tiny HTTP/1.1 server: one thread per connection, `Connection: close`.
pub struct Server {
    /// The port it listens on.
    pub port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    /// Starts serving on a free port.
    pub fn start(handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (log.clone(), handler.clone());
                std::thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { port, seen }
    }

    /// The URL of a path on it.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// How many times a path was asked for.
    pub fn count(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let mut conditional = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        conditional |= header.to_ascii_lowercase().starts_with("if-none-match:");
    }
    let nth = {
        let mut log = log.lock().unwrap();
        log.push(Seen {
            path: path.clone(),
            at: Instant::now(),
            conditional,
        });
        log.iter().filter(|s| s.path == path).count()
    };
    let (status, headers, body) = handler(&path, nth, conditional);
    let mut out = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&body);
}
