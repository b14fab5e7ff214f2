#include <cstdlib>
#include <ostream>

#include "awsx/cli/handlers.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/exec/replace_process.hpp"
#include "awsx/exec/server_child_files.hpp"
#include "awsx/process/forwarding.hpp"
#include "awsx/server/credential_server.hpp"
#include "awsx/server/refreshing_session.hpp"
#include "awsx/server/supervised_child.hpp"
#include "awsx/session/obtain.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

namespace {

// Serves the session from a loopback container endpoint while the command runs, so the
// command gets no keys and can run longer than one session.
int exec_with_server(const Invocation& invocation, const std::vector<std::string>& command,
                     Context& ctx) {
  Console& console = ctx.console;
  const auto session = awsx::session::obtain(invocation.credentials, ctx);
  auto refresh_options = invocation.credentials;
  refresh_options.mfa_token.clear(); // a one-time code can't be used twice
  refresh_options.no_prompt = true;  // the command owns the terminal now
  const util::Environment& env = ctx.env;
  const util::Clock& clock = ctx.clock;
  const auto token = server::random_token();
  process::block_forwarded_signals(); // before the renewal and server threads start
  server::RefreshingSession current(
      session, [refresh_options, &ctx] { return awsx::session::obtain(refresh_options, ctx); },
      clock, {store::refresh_margin(env)}, ctx.warn);
  int status = 0;
  {
    const exec::ServerChildFiles files(env);
    if (!files.note().empty())
      console.err << "awsx: note: " << files.note() << "\n";
    server::CredentialServer endpoint([&current] { return current.current(); }, token);
    auto child_env =
        exec::server_child_environment(ctx.env.entries(), session, endpoint.url(), token);
    files.apply(child_env);
    status = ctx.spawner.run_supervised(command, child_env);
  } // the endpoint closes and the files go before awsx exits
  if (!current.stop(std::chrono::milliseconds(200))) {
    // A renewal still waits on the session lock or the network. The command has ended,
    // so its status is final: exit now rather than wait, without unwinding under the
    // renewal thread.
    // A helper it started (credential_process) would outlive awsx, holding the terminal.
    ctx.spawner.stop_running_helpers();
    console.out.flush();
    console.err.flush();
    std::_Exit(status);
  }
  return status;
}

} // namespace

int run_exec(const Invocation& invocation, Context& ctx) {
  const auto command =
      invocation.child.empty() ? exec::default_command(ctx.env) : invocation.child;
  if (invocation.ecs_server)
    return exec_with_server(invocation, command, ctx);
  const auto session = awsx::session::obtain(invocation.credentials, ctx);
  return ctx.spawner.replace(command, exec::child_environment(ctx.env.entries(), session));
}

} // namespace awsx::cli
