#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/session_source.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

int run_export(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const std::string format = invocation.format.empty() ? "env" : invocation.format;
  output::check_format(format); // before any prompt or STS call, so a typo costs nothing
  const auto session = obtain_session(invocation.credentials, ctx);
  console.out << output::render(session, format) << std::flush;
  // A credential_process consumer must not take a failed write for empty credentials.
  if (!console.out)
    throw Error("cannot write the credentials to standard output");
  return 0;
}

} // namespace awsx::cli
