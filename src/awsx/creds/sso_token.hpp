#pragma once

#include <optional>
#include <string>

#include "awsx/creds/plan.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::creds {

// One token file of ~/.aws/sso/cache as read: where it is, the whole document, and the
// two members every use needs.
struct SsoTokenFile {
  std::string path;
  util::FlatObject document;
  std::string access_token;
  util::TimePoint expires_at;
};

// Reads the file `aws sso login` cached for `sso` (see read_sso_token), whether or not
// it has expired. Throws the CredentialError of sso_token_error when it is missing or
// unreadable.
SsoTokenFile load_sso_token_file(const util::Environment& env, const SsoSettings& sso,
                                 const std::string& profile);

// "the SSO token for sso-session X (profile P) `problem`", with the login advice of
// sso_login_advice as its hint.
CredentialError sso_token_error(const SsoSettings& sso, const std::string& profile,
                                const std::string& problem);

// The access token `aws sso login` cached for `sso` under ~/.aws/sso/cache/ (file name:
// SHA-1 hex of the sso_session name, or of the start URL for the legacy form; HOME from
// `env`). Throws CredentialError saying "run `aws sso login --sso-session X`" (or
// `--profile P`) when the file is missing, unreadable, or expired by `clock`.
std::string read_sso_token(const util::Environment& env, const util::Clock& clock,
                           const SsoSettings& sso, const std::string& profile);

// The time in `text`, a timestamp of the token cache: written by `aws sso login` as
// "...Z"; older CLIs and botocore's generic cache wrote "...UTC". nullopt when it is none.
std::optional<util::TimePoint> parse_sso_time(std::string text);

// "run `aws sso login --sso-session X`" (or `--profile P` for the legacy form, or bare
// when `profile` is empty): how to get a new token for `sso`.
std::string sso_login_advice(const SsoSettings& sso, const std::string& profile);

} // namespace awsx::creds
