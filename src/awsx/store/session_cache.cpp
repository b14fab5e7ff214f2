#include "awsx/store/session_cache.hpp"

#include <utility>

#include "awsx/aws/endpoint.hpp"
#include "awsx/store/errors.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/sha256.hpp"
#include "awsx/util/time.hpp"

namespace awsx::store {

namespace {

constexpr const char* prefix = "session/";

// The profile and digest of session name `name`, both "" when it is not one. The digest
// follows the last '/', since a profile name may hold '/' itself.
std::pair<std::string, std::string> split_session_name(const std::string& name) {
  if (name.rfind(prefix, 0) != 0)
    return {};
  const auto rest = name.substr(std::string(prefix).size());
  const auto slash = rest.rfind('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == rest.size())
    return {};
  return {rest.substr(0, slash), rest.substr(slash + 1)};
}

// Fields are length-prefixed so no choice of values can make two plans collide.
void add_field(std::string& out, const std::string& value) {
  out += std::to_string(value.size()) + ":" + value + ";";
}

} // namespace

std::chrono::seconds refresh_margin(const util::Environment& env) {
  return util::duration_setting(env, "AWSX_CACHE_MARGIN", default_refresh_margin);
}

std::string session_name(const creds::Plan& plan, const std::string& endpoint) {
  std::string canonical = "v1;";
  add_field(canonical, plan.profile);
  add_field(canonical, plan.base.profile);
  // File keys are identified by their key id; a keyring entry by its profile, so that a
  // cached session does not need a keyring read to be found.
  add_field(canonical, plan.base.from_store ? "store" : plan.base.keys.access_key_id);
  for (const auto& step : plan.roles) {
    add_field(canonical, "role");
    add_field(canonical, step.role_arn);
    add_field(canonical, step.session_name);
    add_field(canonical, step.external_id);
    add_field(canonical, step.mfa_serial);
    add_field(canonical, std::to_string(step.duration_seconds.value_or(0)));
  }
  if (plan.session_token) {
    add_field(canonical, "session-token");
    add_field(canonical, plan.session_token->mfa_serial);
    add_field(canonical, std::to_string(plan.session_token->duration_seconds));
  }
  add_field(canonical, plan.region);
  add_field(canonical, endpoint);
  const std::string owner = plan.profile.empty() ? "-" : plan.profile;
  return prefix + owner + "/" + util::sha256_hex(canonical).substr(0, 32);
}

std::optional<std::string> cached_session_name(const creds::Plan& plan,
                                               const config::ConfigFiles& files,
                                               const util::Environment& env) {
  if (plan.roles.empty() && !plan.session_token)
    return std::nullopt;
  const auto endpoint = aws::resolve_sts_endpoint(env, &files, plan.section, plan.region);
  return session_name(plan, endpoint.text());
}

bool still_fresh(const creds::Session& session, util::TimePoint now,
                 std::chrono::seconds margin) {
  const auto& expiration = session.credentials.expiration;
  return !expiration || *expiration - margin > now;
}

std::string profile_of_session_name(const std::string& name) {
  const auto [profile, digest] = split_session_name(name);
  return profile;
}

std::string digest_of_session_name(const std::string& name) {
  const auto [profile, digest] = split_session_name(name);
  return digest;
}

std::string encode_session(const creds::Session& session) {
  const auto& c = session.credentials;
  util::FlatObject doc;
  doc.set("Version", 1)
      .set("Profile", session.profile)
      .set("Region", session.region)
      .set("AccessKeyId", c.access_key_id)
      .set("SecretAccessKey", c.secret_access_key)
      .set("SessionToken", c.session_token);
  if (c.expiration)
    doc.set("Expiration", util::format_iso8601_z(*c.expiration));
  return doc.dump();
}

std::optional<creds::Session> decode_session(const std::string& text) {
  const auto doc = util::FlatObject::parse(text);
  if (!doc || doc->integer("Version") != 1)
    return std::nullopt;
  creds::Session session;
  session.profile = doc->string("Profile").value_or("");
  session.region = doc->string("Region").value_or("");
  auto& c = session.credentials;
  c.access_key_id = doc->string("AccessKeyId").value_or("");
  c.secret_access_key = doc->string("SecretAccessKey").value_or("");
  c.session_token = doc->string("SessionToken").value_or("");
  if (doc->has("Expiration")) {
    c.expiration = util::parse_iso8601(doc->string("Expiration").value_or(""));
    if (!c.expiration)
      return std::nullopt;
  }
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    return std::nullopt;
  return session;
}

SessionCache::SessionCache(Keyring& keyring, const util::Clock& clock,
                           std::chrono::seconds margin,
                           std::function<void(const std::string&)> warn)
    : keyring_(keyring), clock_(clock), margin_(margin), warn_(std::move(warn)) {}

CacheEntry SessionCache::read(const std::string& name) {
  CacheEntry entry;
  std::optional<std::string> stored;
  try {
    stored = keyring_.get(name);
  } catch (const CorruptEntry& e) {
    entry.damage = std::string("a corrupt cached session: ") + e.what();
    return entry;
  }
  if (!stored)
    return entry;
  entry.session = decode_session(*stored);
  if (!entry.session)
    entry.damage = "an unreadable cached session in the " + keyring_.backend() + " keyring";
  return entry;
}

CacheEntry SessionCache::peek(const std::string& name) {
  auto entry = read(name);
  if (entry.session && !still_fresh(*entry.session, clock_.now(), margin_))
    entry.session.reset();
  return entry;
}

std::optional<creds::Session> SessionCache::find(const std::string& name) {
  auto entry = peek(name);
  if (!entry.damage.empty())
    discard(name, entry.damage);
  return std::move(entry.session);
}

void SessionCache::discard(const std::string& name, const std::string& damage) {
  warn_("discarding " + damage);
  keyring_.remove(name);
}

void SessionCache::save(const std::string& name, const creds::Session& session) {
  try {
    // Tells the keyring when the session ends, so the kernel keyring drops it by itself.
    keyring_.set(name, encode_session(session), session.credentials.expiration);
  } catch (const StorageError& e) {
    warn_(std::string("could not cache the session, so the next run will fetch a new one: ") +
          e.what());
  }
}

std::vector<CachedSession> SessionCache::list() {
  const auto now = clock_.now();
  std::vector<CachedSession> live;
  for (const auto& name : keyring_.list(prefix)) {
    auto profile = profile_of_session_name(name);
    if (profile.empty())
      continue;
    // A damaged entry is skipped like one that does not decode: exec discards it later.
    auto session = read(name).session;
    if (!session || !still_fresh(*session, now, std::chrono::seconds(0)))
      continue;
    live.push_back({std::move(profile), std::move(*session)});
  }
  return live;
}

int SessionCache::forget(const std::string& profile) {
  if (profile.empty())
    return 0; // no session name has an empty profile ("-" stands for the ambient one)
  int removed = 0;
  // The prefix also finds the sessions of profiles named "<profile>/...": keep those.
  for (const auto& name : keyring_.list(prefix + profile + "/"))
    if (profile_of_session_name(name) == profile)
      removed += keyring_.remove(name) ? 1 : 0;
  return removed;
}

int SessionCache::forget_all() {
  int removed = 0;
  for (const auto& name : keyring_.list(prefix))
    removed += keyring_.remove(name) ? 1 : 0;
  return removed;
}

} // namespace awsx::store
