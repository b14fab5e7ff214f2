#pragma once

namespace awsx::util {

// Records which descriptors this process inherited from its parent (open and not
// close-on-exec at start): they are the user's, e.g. a make jobserver's pipe or `3<file`,
// and programs the user asked awsx to run keep them. A closed stdin, stdout or stderr is
// pointed at /dev/null first, so that no file awsx opens lands there and reaches a child
// as its standard stream. Call it first thing in main().
void note_inherited_descriptors() noexcept;

// Makes this process non-dumpable (no core file; /proc/PID files owned by root, so a
// same-user ptrace or read of its memory or environment is refused) and sets the soft core
// size limit to 0, because awsx-core holds keys in memory. prepare_exec() gives a child
// the original limit back; the kernel restores dumpability at exec.
void forbid_core_dumps() noexcept;

// Readies the process for execve: every descriptor from 3 up that awsx opened becomes
// close-on-exec, and so do the inherited ones unless `keep_inherited`; the core size limit
// is restored. Async-signal-safe, for use between fork and exec.
void prepare_exec(bool keep_inherited) noexcept;

// What awsx-core does first: SIGCHLD back to its default, note_inherited_descriptors(),
// forbid_core_dumps() and take_private_variables().
void protect_core_process() noexcept;

} // namespace awsx::util
