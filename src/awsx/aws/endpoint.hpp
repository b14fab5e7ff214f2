#pragma once

#include <string>

#include "awsx/aws/url.hpp"

namespace awsx::util {
class Environment;
}
namespace awsx::config {
struct ConfigFiles;
struct Section;
} // namespace awsx::config

namespace awsx::aws {

// Where to send requests for one service, and which region to sign them for.
struct ServiceEndpoint {
  Url url;
  std::string region;  // signing region
  std::string origin;  // what chose the URL, e.g. "AWS_ENDPOINT_URL_STS", for doctor and errors

  // The URL as text, for messages.
  std::string text() const;
};

// The STS endpoint for `region` (empty = us-east-1), with botocore's precedence:
// AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the `[services]` section named by `profile`,
// the profile's `endpoint_url`, then the regional endpoint. `files` and `profile`
// may be null. Throws ConfigError for a malformed URL.
ServiceEndpoint resolve_sts_endpoint(const util::Environment& env, const config::ConfigFiles* files,
                                     const config::Section* profile, const std::string& region);

} // namespace awsx::aws
