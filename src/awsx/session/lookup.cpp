#include "awsx/session/lookup.hpp"

#include "awsx/creds/options.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::session {

CachedLookup
lookup_cached(const creds::CredentialOptions& options, const config::ConfigFiles& files,
              const util::Environment& env, const util::Clock& clock,
              const std::function<std::unique_ptr<store::Keyring>()>& open_sessions) {
  CachedLookup found;
  if (options.no_cache)
    return found;
  creds::PresumedStoredKeys stored;
  found.plan = creds::make_plan(files, env, options, &stored);
  found.name = store::cached_session_name(found.plan, files, env);
  if (!found.name)
    return found;
  found.sessions = open_sessions();
  // Nothing to warn about here: only awsx-core discards a damaged entry, with a warning.
  store::SessionCache cache(*found.sessions, clock, store::refresh_margin(env),
                            [](const std::string&) {});
  auto entry = cache.peek(*found.name);
  found.session = std::move(entry.session);
  found.damage = std::move(entry.damage);
  return found;
}

} // namespace awsx::session
