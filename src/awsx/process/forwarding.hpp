#pragma once

#include "awsx/process/launcher.hpp"

namespace awsx::process {

// Blocks the signals run_forwarding() passes on (INT, TERM, HUP, QUIT, USR1, USR2, WINCH)
// in the calling thread, and so in every thread it starts afterwards. Call it before
// starting threads, so that only run_forwarding's thread ever handles them: a worker
// thread catching one before the child exists would drop it.
void block_forwarded_signals();

// Starts `request` and waits for it, passing on INT, TERM, HUP, QUIT, USR1, USR2 and WINCH
// that another process sends to awsx (the terminal already signals the whole process
// group); one that awsx ignores (nohup) stays ignored, in the child too. The child is
// reaped only once no signal can be passed on to its pid any more. Returns the child's
// waitpid(2) status; throws LaunchError when it can't start. Leaves those signals
// unblocked in the calling thread.
int run_forwarding(const Request& request);

// For tests: makes the forwarding handler pass a signal on with `send` rather than kill(2)
// (nullptr: kill again), so that a test can check which process it would reach.
void forward_with(int (*send)(pid_t pid, int signal));

} // namespace awsx::process
