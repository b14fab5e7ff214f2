#include "awsx/cli/session_source.hpp"

#include "awsx/cli/lazy_keys.hpp"

#include <ostream>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/resolver.hpp"
#include "awsx/creds/sources.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/store/errors.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/file_lock.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/private_dirs.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::cli {

namespace {

// `e`'s message and what to do about it, on one line, for a warning.
std::string with_hint(const StorageError& e) {
  return e.hint().empty() ? std::string(e.what()) : std::string(e.what()) + "; " + e.hint();
}

} // namespace

creds::Session obtain_session(const creds::CredentialOptions& options, Context& ctx) {
  const util::Environment& env = ctx.env;
  const util::Clock& clock = ctx.clock;
  auto warn = [&](const std::string& line) {
    ctx.console.err << "awsx: warning: " << line << "\n";
  };
  const auto files = config::load(env);
  LazyKeyringKeys stored(ctx.keyrings);
  const auto plan = creds::make_plan(files, env, options, &stored);

  auto fetch = [&] {
    const auto transport = ctx.transports.make(plan.section);
    const auto supervision = process::helper_supervision(options.no_prompt, env);
    const auto mfa = ctx.mfa.make(options.mfa_token, !options.no_prompt, supervision);
    creds::LiveSources sources(*transport, env, clock, supervision);
    creds::ResolverServices services{*transport, clock, env, &files, *mfa, sources, warn};
    return creds::fetch_session(plan, services);
  };
  const auto cached_name = store::cached_session_name(plan, files, env);
  if (!cached_name || options.no_cache)
    return fetch();
  const auto& name = *cached_name;
  auto keyring = ctx.keyrings.open(store::Purpose::sessions);
  store::SessionCache cache(*keyring, clock, store::refresh_margin(env), warn);
  try {
    if (auto hit = cache.find(name))
      return *hit;
  } catch (const store::UnsafeFolder& e) {
    // Neither read nor written: the session still works, it is just not kept.
    warn(std::string("running without the session cache: ") + with_hint(e));
    return fetch();
  } catch (const store::PassphraseUnavailable& e) {
    // A script or container with neither AWSX_FILE_PASSPHRASE nor a terminal can't open
    // the cache another run made; it can still fetch a session.
    warn(std::string("running without the session cache: ") + with_hint(e));
    return fetch();
  }

  // One STS call between concurrent runs: the first takes the lock and fetches, the
  // others wait and then find its session in the cache.
  std::optional<store::FileLock> lock;
  try {
    lock.emplace(store::lock_path(env, name).string(),
                 util::duration_setting(env, "AWSX_LOCK_TIMEOUT", std::chrono::seconds(120)),
                 plan.profile.empty() ? "a session" : "a session for profile " + plan.profile);
  } catch (const store::LockTimeout&) {
    throw;
  } catch (const StorageError& e) {
    warn(std::string("running without the session lock: ") + with_hint(e));
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
