#include "awsx/exec/child_env.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "awsx/util/environment.hpp"
#include "awsx/util/time.hpp"

namespace awsx::exec {

namespace {

constexpr std::array<const char*, 13> cleared = {
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    // botocore reads this before AWS_SESSION_TOKEN, so a stale one would win.
    "AWS_SECURITY_TOKEN",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWSX_PROFILE",
    "AWSX_SESSION_EXPIRATION",
};

} // namespace

std::span<const char* const> cleared_variables() {
  return cleared;
}

namespace {

// `parent` without the variables awsx always clears, without awsx's private ones (the
// file keyring's passphrase), and without the region variables when `session` brings its
// own region.
std::vector<std::string> cleared_copy(const std::vector<std::string>& parent,
                                      const creds::Session& session) {
  std::vector<std::string_view> drop(cleared.begin(), cleared.end());
  if (!session.region.empty()) {
    drop.emplace_back("AWS_REGION");
    drop.emplace_back("AWS_DEFAULT_REGION");
  }
  std::vector<std::string> env;
  env.reserve(parent.size() + 8);
  for (const auto& entry : parent)
    if (std::find(drop.begin(), drop.end(), util::variable_name(entry)) == drop.end() &&
        !util::is_private_variable(util::variable_name(entry)))
      env.push_back(entry);
  return env;
}

void add_context(std::vector<std::string>& env, const creds::Session& session) {
  if (!session.region.empty()) {
    env.push_back("AWS_REGION=" + session.region);
    env.push_back("AWS_DEFAULT_REGION=" + session.region);
  }
  if (!session.profile.empty())
    env.push_back("AWSX_PROFILE=" + session.profile);
}

} // namespace

std::vector<std::string> child_environment(const std::vector<std::string>& parent,
                                           const creds::Session& session) {
  auto env = cleared_copy(parent, session);
  const auto& c = session.credentials;
  env.push_back("AWS_ACCESS_KEY_ID=" + c.access_key_id);
  env.push_back("AWS_SECRET_ACCESS_KEY=" + c.secret_access_key);
  if (!c.session_token.empty())
    env.push_back("AWS_SESSION_TOKEN=" + c.session_token);
  if (c.expiration)
    env.push_back("AWS_CREDENTIAL_EXPIRATION=" + util::format_iso8601(*c.expiration));
  add_context(env, session);
  return env;
}

std::vector<std::string> server_child_environment(const std::vector<std::string>& parent,
                                                  const creds::Session& session,
                                                  const std::string& url,
                                                  const std::string& token) {
  auto env = cleared_copy(parent, session);
  env.push_back("AWS_CONTAINER_CREDENTIALS_FULL_URI=" + url);
  env.push_back("AWS_CONTAINER_AUTHORIZATION_TOKEN=" + token);
  add_context(env, session);
  return env;
}

} // namespace awsx::exec
