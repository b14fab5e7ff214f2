#include "awsx/process/supervision.hpp"

#include "awsx/util/environment.hpp"
#include "awsx/util/terminal.hpp"

namespace awsx::process {

Supervision helper_supervision(bool no_prompt, const util::Environment& env) {
  Supervision how;
  how.env = env.entries();
  how.interactive = !no_prompt && util::Terminal::open().has_value();
  if (how.interactive)
    return how;
  how.stdin_null = no_prompt;
  how.timeout = util::duration_setting(env, "AWSX_PROCESS_TIMEOUT", default_process_timeout);
  return how;
}

std::string timeout_advice(const Supervision& how) {
  return "awsx runs it without a terminal here, so nothing can answer if it waits for "
         "input; run it by hand to see where it waits, or set AWSX_PROCESS_TIMEOUT to allow "
         "more than " +
         std::to_string(how.timeout.count()) + "s" + " (the prompt hook allows at most " +
         std::to_string(hook_process_timeout.count()) + "s" + ")";
}

} // namespace awsx::process
