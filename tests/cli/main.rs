//! Integration tests: the built `ptreg` binary in a temporary directory with
//! the environment cleared and the clock pinned. One module per command.

mod assets;
mod init;
mod support;
