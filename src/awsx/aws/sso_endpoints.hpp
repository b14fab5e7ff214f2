#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/http_types.hpp"
#include "awsx/aws/send_with_retry.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// Where an IAM Identity Center service (the portal "sso", or "sso-oidc") is: the URL in
// environment variable `variable` of `env` (e.g. AWS_ENDPOINT_URL_SSO) unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true, else https://`host_prefix`.<region>.<suffix>
// for `region` (checked first, as it becomes part of a host name). Throws ConfigError,
// naming `service` (e.g. "SSO"), for a malformed URL.
ServiceEndpoint resolve_sso_endpoint(const util::Environment& env, const std::string& variable,
                                     const std::string& service, const std::string& host_prefix,
                                     const std::string& region);

// A request with `method` for operation path `path` at `endpoint`, after the path prefix a
// custom endpoint may carry (a proxy), with Host, Accept: application/json and User-Agent.
HttpRequest sso_request(const ServiceEndpoint& endpoint, const std::string& method,
                        const std::string& path);

// An AWS rest-json error: the code and its message.
struct RestJsonFault {
  std::string code;
  std::string message;
};

// The error a rest-json service answered with in `response`: the code from the
// x-amzn-errortype header ("Code:http://internal...") or the body's __type
// ("namespace#Code"), code or Code; the message from message, Message or (OIDC's)
// error_description. Both are made fit for a terminal (printable_service_text), with each
// of `secrets` the request carried (a token, a client secret) hidden however the service
// echoes it. nullopt when no code is named.
std::optional<RestJsonFault>
parse_rest_json_fault(const HttpResponse& response,
                      const std::vector<std::string>& secrets = {});

// Sends `request` through `transport` with retries per `retry` (AWS's rule, the codes read
// by parse_rest_json_fault), as send_with_retry does for the call named `what`.
Sent send_rest_json(HttpTransport& transport, const HttpRequest& request,
                    const RetryPolicy& retry, const std::string& what);

// The error for an answer of `endpoint` to the call `what` that can't be read: `detail`
// says why (e.g. "no accessToken").
NetworkError unreadable_answer(const std::string& what, const std::string& endpoint,
                               const std::string& detail);

// The JSON object `body` holds, the answer of `endpoint` to `what`; throws
// unreadable_answer when it is not one.
util::FlatObject json_answer(const std::string& body, const std::string& endpoint,
                             const std::string& what);

} // namespace awsx::aws
