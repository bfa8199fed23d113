//! Integration tests: the built `ptreg` binary in a temporary directory with
//! the environment cleared and the clock pinned. One module per command.

mod assets;
mod audit;
mod check;
mod clock;
mod contact;
mod epp;
mod export;
mod formats;
mod import;
mod init;
mod inputs;
mod install;
mod ledger;
mod lifecycle;
mod list;
mod notices;
mod rdap;
mod register;
mod registrar;
mod reliability;
mod removal;
mod seed;
mod services;
mod show;
mod support;
mod sweep;
mod unix;
mod whois;
mod whois_server;
mod zone;
