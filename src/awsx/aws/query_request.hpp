#pragma once

#include <string>
#include <utility>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/http_types.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::aws {

// The form-encoded Query API body calling `action` of API `version` with `params`.
std::string query_body(const std::string& action, const std::string& version,
                       const std::vector<std::pair<std::string, std::string>>& params);

// A POST of the Query API form `body` to `endpoint`, SigV4-signed for `service` by `caller`
// (null: unsigned) at time `now`.
HttpRequest query_request(const ServiceEndpoint& endpoint, const std::string& service,
                          const std::string& body, const Credentials* caller,
                          util::TimePoint now);

// What one Query API call is, for sending it and for its messages.
struct QueryCall {
  const ServiceEndpoint& endpoint;
  std::string service;              // the signing name, e.g. "sts"
  std::string what;                 // e.g. "sts GetCallerIdentity for profile prod"
  std::vector<std::string> secrets; // what the request carried that no message may show
};

// Sends the form `body` of `call` through `transport`, signed by `caller` (null: unsigned)
// with `clock`'s time for each attempt, retried per `retry`; returns the body of the 2xx
// answer. Throws ServiceError with the service's code, or NetworkError, each starting
// with `call`.what.
std::string send_query(HttpTransport& transport, const util::Clock& clock,
                       const RetryPolicy& retry, const QueryCall& call, const std::string& body,
                       const Credentials* caller);

} // namespace awsx::aws
