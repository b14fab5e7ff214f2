#include "awsx/cli/session_source.hpp"

#include <ostream>

#include "awsx/aws/poco_transport.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/resolver.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::cli {

namespace {

aws::TransportOptions transport_options(const util::Environment& env,
                                        const config::Section* profile) {
  aws::TransportOptions options;
  if (auto timeout = env.get_nonempty("AWSX_HTTP_TIMEOUT")) {
    if (!util::is_digits(*timeout) || timeout->size() > 4 || std::stoi(*timeout) == 0)
      throw UsageError("AWSX_HTTP_TIMEOUT=" + *timeout + " is not a whole number of seconds");
    options.connect_timeout = options.read_timeout = std::chrono::seconds(std::stoi(*timeout));
  }
  if (auto bundle = env.get_nonempty("AWS_CA_BUNDLE"))
    options.ca_bundle = *bundle;
  else if (profile != nullptr)
    options.ca_bundle = profile->get("ca_bundle").value_or("");
  return options;
}

} // namespace

creds::Session obtain_session(const creds::CredentialOptions& options, Console& console) {
  util::ProcessEnvironment env;
  util::SystemClock clock;
  const auto files = config::load(env);
  const auto plan = creds::make_plan(files, env, options);
  aws::PocoTransport transport(transport_options(env, plan.section),
                               aws::proxy_settings_from(env));
  creds::MfaPrompter mfa(options.mfa_token);
  creds::ResolverServices services{transport, clock, env, &files, mfa,
                                   [&](const std::string& line) {
                                     console.err << "awsx: warning: " << line << "\n";
                                   }};
  return creds::fetch_session(plan, services);
}

} // namespace awsx::cli
