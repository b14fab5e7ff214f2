#pragma once

#include <string>
#include <string_view>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/http_types.hpp"
#include "awsx/util/clock.hpp"

// AWS Signature Version 4 for header-signed requests to non-S3 services (no presigned URLs,
// no unsigned payloads). The pieces below sign() are public so tests can check each step
// against the AWS test suite.
namespace awsx::aws {

// Where and when a signature is valid: `region` and `service` (e.g. "us-east-1", "sts")
// form the credential scope together with the day of `time`.
struct SigningScope {
  std::string region;
  std::string service;
  util::TimePoint time;
};

// The canonical form of `request`: every header it carries except Authorization is signed,
// and Host falls back to `request.authority()` when the request has no Host header.
std::string canonical_request(const HttpRequest& request);

// The string to sign for `canonical_request` within `scope`.
std::string string_to_sign(const std::string& canonical_request, const SigningScope& scope);

// The Authorization header value signing `request` as it stands with `credentials` in
// `scope`; it adds nothing to the request, see sign() for that.
std::string authorization_header(const HttpRequest& request, const Credentials& credentials,
                                 const SigningScope& scope);

// Signs `request` in place with `credentials` in `scope`: sets X-Amz-Date, Host when missing,
// X-Amz-Security-Token when the credentials are temporary, then Authorization.
void sign(HttpRequest& request, const Credentials& credentials, const SigningScope& scope);

} // namespace awsx::aws
