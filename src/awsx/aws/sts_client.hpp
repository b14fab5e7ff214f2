#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/sts_xml.hpp"
#include "awsx/aws/transport.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::aws {

// Parameters of one AssumeRole call; empty strings are left out of the request.
struct AssumeRoleRequest {
  std::string role_arn;
  std::string session_name;
  std::string external_id;
  std::string serial_number;
  std::string token_code;
  std::optional<int> duration_seconds;
};

// Parameters of one GetSessionToken call; empty strings are left out.
struct SessionTokenRequest {
  std::string serial_number;
  std::string token_code;
  std::optional<int> duration_seconds;
};

// Parameters of one GetFederationToken call: the federated user's `name` (2 to 32 of
// [A-Za-z0-9_+=,.@-]) and the inline session `policy` (JSON; empty leaves it out).
struct FederationTokenRequest {
  std::string name;
  std::string policy;
  std::optional<int> duration_seconds;
};

// A client for the STS Query API at one endpoint; every call is signed with SigV4.
class StsClient {
public:
  // A client that sends through `transport` to `endpoint`, timestamps with `clock` and retries per `retry`.
  StsClient(HttpTransport& transport, const util::Clock& clock, ServiceEndpoint endpoint,
            RetryPolicy retry = {});

  // Calls AssumeRole signed by `caller`; throws ServiceError or NetworkError.
  Credentials assume_role(const Credentials& caller, const AssumeRoleRequest& request);

  // Calls GetSessionToken signed by `caller`; throws ServiceError or NetworkError.
  Credentials get_session_token(const Credentials& caller, const SessionTokenRequest& request);

  // Calls GetFederationToken signed by `caller` (an IAM user's long-term keys); throws
  // ServiceError or NetworkError.
  Credentials get_federation_token(const Credentials& caller,
                                   const FederationTokenRequest& request);

  // Calls AssumeRoleWithWebIdentity, which is unsigned: the OIDC `token` is the proof.
  Credentials assume_role_with_web_identity(const AssumeRoleRequest& request,
                                            const std::string& token);

  // Calls GetCallerIdentity signed by `caller`; throws ServiceError or NetworkError.
  CallerIdentity get_caller_identity(const Credentials& caller);

  // The endpoint this client talks to.
  const ServiceEndpoint& endpoint() const { return endpoint_; }

  // Names `caller` (e.g. "profile prod") in the messages of later calls; empty names none.
  StsClient& on_behalf_of(std::string caller);

private:
  using Params = std::vector<std::pair<std::string, std::string>>;
  // `caller` null sends the request unsigned.
  std::string call(const std::string& action, const Params& params, const Credentials* caller);
  Credentials read_credentials(const std::string& action, const std::string& body) const;
  // "sts Action" plus who it is for, the start of every message about `action`.
  std::string what(const std::string& action) const;

  HttpTransport& transport_;
  const util::Clock& clock_;
  ServiceEndpoint endpoint_;
  RetryPolicy retry_;
  std::string caller_;
};

// The form-encoded Query API body for `action` with `params`.
std::string sts_query_body(const std::string& action,
                           const std::vector<std::pair<std::string, std::string>>& params);

} // namespace awsx::aws
