#pragma once

#include <sys/types.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace awsx::process {

// What to start and how to set it up between fork and exec. Whatever the request, the
// child gets no descriptor awsx opened, its signal mask is empty (but only once no handler
// of awsx's is left to run in it), SIGPIPE and SIGXFSZ are back to their defaults and the
// core size limit is the one awsx started with.
struct Request {
  std::vector<std::string> argv;   // argv[0] is searched as exec_candidates() says
  std::vector<std::string> env;    // "NAME=value"; of duplicates the last one wins
  bool keep_inherited_fds = false; // keep what awsx inherited (programs the user named)
  bool own_session = false;        // setsid: its own process group, no controlling terminal
  int stdin_fd = -1;               // becomes the child's stdin when >= 0
  int stdout_fd = -1;              // becomes the child's stdout when >= 0
};

// The program could not be started; `error()` is the errno of the first execve that
// failed for another reason than ENOENT/ENOTDIR, as with Python's subprocess.
class LaunchError : public std::runtime_error {
public:
  // An error for `program` that failed with errno `error`.
  LaunchError(const std::string& program, int error);

  // The errno: ENOENT when no candidate exists, EACCES when none may be executed, ...
  int error() const { return error_; }

private:
  int error_;
};

// Starts `request` with Boost.Process and returns the child's pid, which the caller
// must reap with waitpid(2). Throws LaunchError when no candidate path can be executed.
pid_t launch(const Request& request);

// Waits for child `pid` to end, reaps it and returns its waitpid(2) status; throws
// awsx::Error naming `what` (e.g. "the command") when it can't.
int reap(pid_t pid, const std::string& what);

} // namespace awsx::process
