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
// group); one that awsx ignores (nohup) stays ignored, in the child too. Returns the
// child's waitpid(2) status; throws LaunchError when it can't start. Leaves those signals
// unblocked in the calling thread.
int run_forwarding(const Request& request);

} // namespace awsx::process
