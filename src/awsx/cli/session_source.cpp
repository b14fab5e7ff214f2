#include "awsx/cli/session_source.hpp"

#include "awsx/cli/lazy_keys.hpp"

#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/poco_transport.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/resolver.hpp"
#include "awsx/creds/sources.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/file_lock.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

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

std::chrono::seconds duration_setting(const util::Environment& env, const char* name,
                                      std::chrono::seconds fallback) {
  const auto text = env.get_nonempty(name);
  if (!text)
    return fallback;
  const auto value = util::parse_duration(*text);
  if (!value)
    throw UsageError(std::string(name) + "=" + *text + " is not a duration; use e.g. 10m or 600");
  return *value;
}

} // namespace

std::chrono::seconds refresh_margin() {
  util::ProcessEnvironment env;
  return duration_setting(env, "AWSX_CACHE_MARGIN", store::default_refresh_margin);
}

creds::Session obtain_session(const creds::CredentialOptions& options, Console& console) {
  util::ProcessEnvironment env;
  util::SystemClock clock;
  auto warn = [&](const std::string& line) { console.err << "awsx: warning: " << line << "\n"; };
  const auto files = config::load(env);
  LazyKeyringKeys stored(env);
  const auto plan = creds::make_plan(files, env, options, &stored);

  auto fetch = [&] {
    aws::PocoTransport transport(transport_options(env, plan.section),
                                 aws::proxy_settings_from(env));
    creds::MfaPrompter mfa(options.mfa_token, !options.no_prompt);
    creds::LiveSources sources(transport, env, clock);
    creds::ResolverServices services{transport, clock, env, &files, mfa, sources, warn};
    return creds::fetch_session(plan, services);
  };
  const bool makes_a_session = !plan.roles.empty() || plan.session_token.has_value();
  if (!makes_a_session || options.no_cache)
    return fetch();

  const auto endpoint = aws::resolve_sts_endpoint(env, &files, plan.section, plan.region);
  const auto name = store::session_name(plan, endpoint.text());
  auto keyring = store::open_keyring(env, store::Purpose::sessions);
  store::SessionCache cache(*keyring, clock, refresh_margin(), warn);
  if (auto hit = cache.find(name))
    return *hit;

  // One STS call between concurrent runs: the first takes the lock and fetches, the
  // others wait and then find its session in the cache.
  std::optional<store::FileLock> lock;
  try {
    const auto digest = name.substr(name.rfind('/') + 1);
    lock.emplace((store::cache_dir(env) / "locks" / (digest + ".lock")).string(),
                 duration_setting(env, "AWSX_LOCK_TIMEOUT", std::chrono::seconds(120)),
                 plan.profile.empty() ? "a session" : "a session for profile " + plan.profile);
  } catch (const store::LockTimeout&) {
    throw;
  } catch (const StorageError& e) {
    warn(std::string("running without the session lock: ") + e.what());
  }
  if (lock) {
    if (auto hit = cache.find(name))
      return *hit;
  }
  auto session = fetch();
  cache.save(name, session);
  return session;
}

} // namespace awsx::cli
