#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/cli/doctor_report.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/session/lazy_keys.hpp"
#include "awsx/store/mfa_ledger.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

int run_doctor(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const util::Environment& env = ctx.env;
  const auto files = config::load(env);
  session::LazyKeyringKeys stored(ctx.keyrings);
  const auto plan = creds::make_plan(files, env, invocation.credentials, &stored);
  const auto endpoint = aws::resolve_sts_endpoint(env, &files, plan.section, plan.region);
  auto report = explain_plan(plan, files, endpoint.text(), endpoint.origin, &stored);
  report.now = ctx.clock.now();
  for (const auto& serial : mfa_serials(plan)) {
    DoctorMfaDevice device{serial, std::nullopt};
    try {
      device.last_accepted = store::MfaLedger::in_cache_of(env).last_accepted(serial);
    } catch (const StorageError& e) {
      ctx.warn("cannot tell when a code of " + serial + " was last used: " + e.what());
    }
    report.mfa_devices.push_back(std::move(device));
  }
  console.out << (invocation.json ? render_json(report) : render_text(report));
  return 0;
}

} // namespace awsx::cli
