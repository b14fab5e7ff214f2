#pragma once

#include <string>

#include "awsx/creds/plan.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::creds {

// The access token `aws sso login` cached for `sso` under ~/.aws/sso/cache/ (file name:
// SHA-1 hex of the sso_session name, or of the start URL for the legacy form; HOME from
// `env`). Throws CredentialError saying "run `aws sso login --sso-session X`" (or
// `--profile P`) when the file is missing, unreadable, or expired by `clock`.
std::string read_sso_token(const util::Environment& env, const util::Clock& clock,
                           const SsoSettings& sso, const std::string& profile);

// "run `aws sso login --sso-session X`" (or `--profile P` for the legacy form, or bare
// when `profile` is empty): how to get a new token for `sso`.
std::string sso_login_advice(const SsoSettings& sso, const std::string& profile);

} // namespace awsx::creds
