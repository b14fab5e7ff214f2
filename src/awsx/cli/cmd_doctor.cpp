#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/cli/doctor_report.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/session/lazy_keys.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

int run_doctor(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const util::Environment& env = ctx.env;
  const auto files = config::load(env);
  session::LazyKeyringKeys stored(ctx.keyrings);
  const auto plan = creds::make_plan(files, env, invocation.credentials, &stored);
  const auto endpoint = aws::resolve_sts_endpoint(env, &files, plan.section, plan.region);
  const auto report = explain_plan(plan, files, endpoint.text(), endpoint.origin, &stored);
  console.out << (invocation.json ? render_json(report) : render_text(report));
  return 0;
}

} // namespace awsx::cli
