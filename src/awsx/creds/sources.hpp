#pragma once

#include "awsx/aws/credentials.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/process/supervision.hpp"

namespace awsx::aws {
class HttpTransport;
}
namespace awsx::util {
class Clock;
class Environment;
} // namespace awsx::util

namespace awsx::creds {

// Turns the base of a plan into credentials; behind an interface so resolver tests
// need no container endpoint, instance metadata, SSO portal or process.
class SourceFetcher {
public:
  virtual ~SourceFetcher() = default;

  // The credentials `base` stands for; keys are returned as they are.
  virtual aws::Credentials fetch(const BaseCredentials& base) = 0;
};

// The real sources: the container endpoint, IMDSv2, credential_process and SSO.
class LiveSources final : public SourceFetcher {
public:
  // Sources that reach the network through `transport`, read `env`, check SSO token
  // expiry against `clock` and run credential_process supervised as `how` says.
  LiveSources(aws::HttpTransport& transport, const util::Environment& env,
              const util::Clock& clock, process::Supervision how = {})
      : transport_(transport), env_(env), clock_(clock), supervision_(how) {}

  aws::Credentials fetch(const BaseCredentials& base) override;

private:
  aws::HttpTransport& transport_;
  const util::Environment& env_;
  const util::Clock& clock_;
  process::Supervision supervision_;
};

} // namespace awsx::creds
