//! Keeping what plugins print out of the record stream and the plugin host's answers.
//!
//! A plugin is foreign code: it may `printf`, `println!` or read standard input. Out of
//! process, the plugin host talks to trawl over copies of its standard input and output made
//! before any plugin is loaded; its file descriptors 0 and 1 are then `/dev/null` and
//! standard error, so a plugin reads nothing and what it prints lands on stderr. In process
//! (`--plugins-in-process`), `trawl extract` does the same with its own standard output: the
//! records go to a copy of it, and file descriptor 1 is pointed at standard error.

#![allow(unsafe_code)] // Moving file descriptors is a libc call; each block says why.

use std::fs::File;
use std::io;

/// Takes the process's standard input and output for the caller alone: returns them as
/// files, and points descriptor 0 at `/dev/null` and descriptor 1 at standard error.
#[cfg(unix)]
pub fn take_stdio() -> io::Result<(File, File)> {
    Ok((take_fd(0, libc::O_RDONLY)?, take_fd(1, libc::O_WRONLY)?))
}

/// Takes the process's standard output for the caller alone: returns it as a file and points
/// descriptor 1 at standard error, so what foreign code prints never reaches it.
#[cfg(unix)]
pub fn take_stdout() -> io::Result<File> {
    take_fd(1, libc::O_WRONLY)
}

#[cfg(unix)]
fn take_fd(fd: libc::c_int, null_mode: libc::c_int) -> io::Result<File> {
    use std::os::fd::FromRawFd;

    // SAFETY: F_DUPFD_CLOEXEC on an open descriptor returns a new descriptor this function
    // owns (not inherited by programs a plugin starts), or -1.
    let copy = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 3) };
    if copy < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `copy` is a fresh descriptor owned by nobody else.
    let file = unsafe { File::from_raw_fd(copy) };
    let replacement = if fd == 0 {
        // SAFETY: a constant NUL-terminated path.
        unsafe { libc::open(c"/dev/null".as_ptr(), null_mode | libc::O_CLOEXEC) }
    } else {
        2
    };
    if replacement < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: both descriptors are open; dup2 atomically repoints `fd`.
    if unsafe { libc::dup2(replacement, fd) } < 0 {
        return Err(io::Error::last_os_error());
    }
    if replacement != 2 {
        // SAFETY: `replacement` was opened above and is no longer needed.
        unsafe { libc::close(replacement) };
    }
    Ok(file)
}

/// On other systems the streams are used as they are: a plugin that prints corrupts them.
#[cfg(not(unix))]
pub fn take_stdio() -> io::Result<(File, File)> {
    Err(io::Error::other("the plugin host needs a Unix system"))
}

/// On other systems standard output is not moved.
#[cfg(not(unix))]
pub fn take_stdout() -> io::Result<File> {
    Err(io::Error::other("not supported on this system"))
}
