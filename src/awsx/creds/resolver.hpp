#pragma once

#include <functional>
#include <string>

#include "awsx/creds/plan.hpp"
#include "awsx/creds/session.hpp"

namespace awsx::aws {
class HttpTransport;
}
namespace awsx::util {
class Clock;
class Environment;
} // namespace awsx::util

namespace awsx::creds {

class MfaSource;
class SourceFetcher;

// The side effects a plan needs to run; real ones in the CLI, fakes in tests.
struct ResolverServices {
  aws::HttpTransport& transport;
  const util::Clock& clock;
  const util::Environment& env;
  const config::ConfigFiles* files;  // for endpoint settings; may be null
  MfaSource& mfa;
  SourceFetcher& sources;
  std::function<void(const std::string&)> warn;  // one line, without the "awsx: warning:" prefix
  // The session of an MFA-session plan (mfa_session_plan), e.g. from a cache; when empty,
  // fetch_session makes it with GetSessionToken every time.
  std::function<Session(const Plan&)> mfa_session = {};
};

// Runs `plan` with `services`: the STS calls it lists, in order, and returns the session.
// Throws ServiceError, NetworkError or CredentialError with the profile named.
Session fetch_session(const Plan& plan, ResolverServices& services);

} // namespace awsx::creds
