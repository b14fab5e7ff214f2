#pragma once

#include <string>
#include <string_view>

#include "awsx/aws/endpoint.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// The sign-in and console hosts of one partition.
struct ConsoleHosts {
  std::string signin;  // e.g. "signin.aws.amazon.com"
  std::string console; // e.g. "console.aws.amazon.com", without a region label
};

// The hosts of the partition `region` belongs to: China for cn-*, GovCloud for us-gov-*,
// else (an empty region too) the standard partition.
ConsoleHosts console_hosts(std::string_view region);

// The console page to sign in to: `path` (e.g. "s3/buckets"; empty: the console home)
// on `region`'s console host with `?region=` added, or on the partition's global host when
// `region` is empty. `region` must already be valid; throws UsageError for a `path` that
// is not a plain relative path (a scheme, "//", whitespace or control characters).
std::string console_destination(const std::string& region, const std::string& path);

// Where getSigninToken and the sign-in URL go: AWSX_FEDERATION_ENDPOINT from `env` (a
// full http(s) URL; ConfigError when it is not one), else https://<signin host>/federation
// of `region`'s partition.
ServiceEndpoint federation_endpoint(const util::Environment& env, const std::string& region);

// The console sign-in URL: `endpoint`'s URL with Action=login, Issuer=awsx,
// Destination=`destination` and SigninToken=`token`, values URL-encoded.
std::string login_url(const ServiceEndpoint& endpoint, const std::string& destination,
                      const std::string& token);

} // namespace awsx::aws
