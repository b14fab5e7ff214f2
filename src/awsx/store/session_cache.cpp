#include "awsx/store/session_cache.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "awsx/aws/sigv4.hpp"
#include "awsx/store/errors.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/util/time.hpp"

namespace awsx::store {

namespace {

constexpr const char* prefix = "session/";

// Fields are length-prefixed so no choice of values can make two plans collide.
void add_field(std::string& out, const std::string& value) {
  out += std::to_string(value.size()) + ":" + value + ";";
}

std::string string_field(const Poco::JSON::Object& object, const char* key) {
  return object.has(key) ? object.getValue<std::string>(key) : std::string();
}

} // namespace

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
  return prefix + owner + "/" + aws::sha256_hex(canonical).substr(0, 32);
}

std::string profile_of_session_name(const std::string& name) {
  if (name.rfind(prefix, 0) != 0)
    return {};
  const auto rest = name.substr(std::string(prefix).size());
  const auto slash = rest.rfind('/');
  return slash == std::string::npos ? std::string() : rest.substr(0, slash);
}

std::string encode_session(const creds::Session& session) {
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  const auto& c = session.credentials;
  doc.set("Version", 1);
  doc.set("Profile", session.profile);
  doc.set("Region", session.region);
  doc.set("AccessKeyId", c.access_key_id);
  doc.set("SecretAccessKey", c.secret_access_key);
  doc.set("SessionToken", c.session_token);
  if (c.expiration)
    doc.set("Expiration", util::format_iso8601_z(*c.expiration));
  std::ostringstream out;
  doc.stringify(out);
  return out.str();
}

std::optional<creds::Session> decode_session(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    const auto root = parser.parse(text).extract<Poco::JSON::Object::Ptr>();
    if (root.isNull() || !root->has("Version") || root->getValue<int>("Version") != 1)
      return std::nullopt;
    creds::Session session;
    session.profile = string_field(*root, "Profile");
    session.region = string_field(*root, "Region");
    auto& c = session.credentials;
    c.access_key_id = string_field(*root, "AccessKeyId");
    c.secret_access_key = string_field(*root, "SecretAccessKey");
    c.session_token = string_field(*root, "SessionToken");
    if (root->has("Expiration")) {
      c.expiration = util::parse_iso8601(string_field(*root, "Expiration"));
      if (!c.expiration)
        return std::nullopt;
    }
    if (c.access_key_id.empty() || c.secret_access_key.empty())
      return std::nullopt;
    return session;
  } catch (const Poco::Exception&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

SessionCache::SessionCache(Keyring& keyring, const util::Clock& clock,
                           std::chrono::seconds margin,
                           std::function<void(const std::string&)> warn)
    : keyring_(keyring), clock_(clock), margin_(margin), warn_(std::move(warn)) {}

std::optional<creds::Session> SessionCache::find(const std::string& name) {
  std::optional<std::string> stored;
  try {
    stored = keyring_.get(name);
  } catch (const CorruptEntry& e) {
    warn_(std::string("discarding a corrupt cached session: ") + e.what());
    keyring_.remove(name);
    return std::nullopt;
  }
  if (!stored)
    return std::nullopt;
  auto session = decode_session(*stored);
  if (!session) {
    warn_("discarding an unreadable cached session in the " + keyring_.backend() + " keyring");
    keyring_.remove(name);
    return std::nullopt;
  }
  const auto& expiration = session->credentials.expiration;
  if (expiration && *expiration - margin_ <= clock_.now())
    return std::nullopt;
  return session;
}

void SessionCache::save(const std::string& name, const creds::Session& session) {
  try {
    keyring_.set(name, encode_session(session));
  } catch (const StorageError& e) {
    warn_(std::string("could not cache the session, so the next run will fetch a new one: ") +
          e.what());
  }
}

} // namespace awsx::store
