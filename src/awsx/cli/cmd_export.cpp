#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/session/obtain.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

int run_export(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const std::string format =
      invocation.format.empty() ? output::default_format : invocation.format;
  output::check_format(format); // before any prompt or STS call, so a typo costs nothing
  const auto session = awsx::session::obtain(invocation.credentials, ctx);
  console.out << output::render(session, format) << std::flush;
  if (!console.out)
    throw Error(output::write_failure);
  return 0;
}

} // namespace awsx::cli
