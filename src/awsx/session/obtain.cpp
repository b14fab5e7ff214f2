#include "awsx/session/obtain.hpp"

#include <functional>
#include <thread>

#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/creds/resolver.hpp"
#include "awsx/creds/sources.hpp"
#include "awsx/process/supervision.hpp"
#include "awsx/session/lazy_keys.hpp"
#include "awsx/session/lookup.hpp"
#include "awsx/session/mfa_guard.hpp"
#include "awsx/store/errors.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/file_lock.hpp"
#include "awsx/store/mfa_ledger.hpp"
#include "awsx/store/private_dirs.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

namespace awsx::session {

namespace {

// `e`'s message and what to do about it, on one line, for a warning.
std::string with_hint(const StorageError& e) {
  return e.hint().empty() ? std::string(e.what()) : std::string(e.what()) + "; " + e.hint();
}

// The session under `name` in `cache` once this run holds the lock of `name` (another run
// may have saved it while this one waited), else `fetch()`ed and saved there: one STS
// call between concurrent runs. A lock that can't be made is a warning.
creds::Session locked_fetch(store::SessionCache& cache, const std::string& name,
                            const std::string& profile, const Services& services,
                            const std::function<creds::Session()>& fetch) {
  std::optional<store::FileLock> lock;
  try {
    lock.emplace(store::lock_path(services.env, name).string(),
                 store::lock_timeout(services.env),
                 profile.empty() ? "a session" : "a session for profile " + profile);
  } catch (const store::LockTimeout&) {
    throw;
  } catch (const StorageError& e) {
    services.warn(std::string("running without the session lock: ") + with_hint(e));
  }
  if (lock) {
    if (auto hit = cache.find(name))
      return *hit;
  }
  auto session = fetch();
  cache.save(name, session);
  return session;
}

// What `read()` gives, or nullopt with a warning when the sessions cache can't be used (an
// unsafe folder, no passphrase and no terminal): the session still works, it is just not
// kept.
template <typename Read>
auto if_cache_usable(const Services& services, Read&& read) -> std::optional<decltype(read())> {
  try {
    return read();
  } catch (const store::UnsafeFolder& e) {
    services.warn(std::string("running without the session cache: ") + with_hint(e));
  } catch (const store::PassphraseUnavailable& e) {
    services.warn(std::string("running without the session cache: ") + with_hint(e));
  }
  return std::nullopt;
}

// The MFA session `session_plan` describes: from `sessions` (the keyring obtain opened;
// null when the cache is not used) while it is fresh, else made (one MFA code) and cached
// like any session, so that one code serves every role of at most 1h until it ends.
creds::Session mfa_session(const creds::Plan& session_plan, const config::ConfigFiles& files,
                           store::Keyring* sessions, const Services& services,
                           creds::ResolverServices& resolver) {
  auto make = [&] { return creds::fetch_session(session_plan, resolver); };
  const auto name = store::cached_session_name(session_plan, files, services.env);
  if (sessions == nullptr || !name)
    return make();
  store::SessionCache cache(*sessions, services.clock, store::refresh_margin(services.env),
                            services.warn);
  const auto hit = if_cache_usable(services, [&] { return cache.find(*name); });
  if (!hit)
    return make();
  if (*hit)
    return **hit;
  return locked_fetch(cache, *name, session_plan.profile, services, make);
}

// Plans `options` again with the long-term keys really stored, and runs the plan; an MFA
// session it needs is cached in `sessions` (null: not cached).
creds::Session fetch(const creds::CredentialOptions& options, const config::ConfigFiles& files,
                     store::Keyring* sessions, const Services& services) {
  const util::Environment& env = services.env;
  LazyKeyringKeys stored(services.keyrings);
  const auto plan = creds::make_plan(files, env, options, &stored);
  const auto transport = services.transports.make(env, plan.section);
  const auto supervision = process::helper_supervision(options.no_prompt, env);
  GuardedMfa guarded(options, services, supervision);
  creds::MfaSource& mfa = guarded.source();
  creds::LiveSources sources(*transport, env, services.clock, supervision);
  creds::ResolverServices resolver{*transport, services.clock, env,          &files,
                                   mfa,        sources,        services.warn};
  resolver.mfa_session = [&](const creds::Plan& session_plan) {
    return mfa_session(session_plan, files, sessions, services, resolver);
  };
  return creds::fetch_session(plan, resolver);
}

} // namespace

void sleep_for_real(std::chrono::milliseconds how_long) {
  std::this_thread::sleep_for(how_long);
}

creds::Session obtain(const creds::CredentialOptions& options, const Services& services) {
  const util::Environment& env = services.env;
  const auto files = config::load(env);
  auto found = if_cache_usable(services, [&] {
    return lookup_cached(options, files, env, services.clock,
                         [&] { return services.keyrings.open(store::Purpose::sessions); });
  });
  if (found && found->session)
    return *found->session;
  if (!found || !found->name)
    return fetch(options, files, nullptr, services);
  store::SessionCache cache(*found->sessions, services.clock, store::refresh_margin(env),
                            services.warn);
  if (!found->damage.empty())
    cache.discard(*found->name, found->damage);
  return locked_fetch(cache, *found->name, found->plan.profile, services,
                      [&] { return fetch(options, files, found->sessions.get(), services); });
}

} // namespace awsx::session
