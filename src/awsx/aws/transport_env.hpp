#pragma once

#include <optional>
#include <string>

#include "awsx/aws/transport.hpp"

namespace awsx::util {
class Environment;
}
namespace awsx::config {
struct Section;
}

namespace awsx::aws {

// The proxy variables as botocore reads them (Python's urllib rules).
struct ProxySettings {
  std::string https_proxy;  // for https URLs
  std::string http_proxy;   // for http URLs
  std::string no_proxy;     // hosts that bypass both, comma-separated
  std::string https_origin; // the variable `https_proxy` came from, for messages
  std::string http_origin;  // the variable `http_proxy` came from
};

// A proxy URL taken apart; `password` is never shown, `text()` leaves both credentials out.
struct ProxyUrl {
  std::string host;
  int port = 0;
  std::string username; // percent-decoded
  std::string password; // percent-decoded
  std::string origin;   // e.g. "HTTPS_PROXY"

  // "http://host:port" without the credentials, for messages.
  std::string text() const;

  // True when the URL carries both a user name and a password; botocore sends a login
  // only then.
  bool has_login() const { return !username.empty() && !password.empty(); }
};

// Reads the proxy variables from `env`: a set lowercase variable wins over the uppercase
// one and an empty lowercase one cancels it; HTTP_PROXY is ignored under CGI
// (REQUEST_METHOD set), as Python does since CVE-2016-1000110.
ProxySettings proxy_settings_from(const util::Environment& env);

// True when the `no_proxy` list says requests to `authority` ("host" or "host:port")
// go direct: the whole list is "*", or an entry (leading dots ignored, case-insensitive)
// equals the host or authority or is a dot-separated suffix of either.
bool bypasses_proxy(const std::string& authority, const std::string& no_proxy);

// Parses `text` from variable `origin` as botocore does: no scheme means http://.
// Throws ConfigError for a malformed URL or an https:// proxy, which awsx cannot use.
ProxyUrl parse_proxy_url(const std::string& text, const std::string& origin);

// The proxy for a request with `scheme` to `authority` under `settings`, or nullopt to
// connect directly.
std::optional<ProxyUrl> proxy_for(const ProxySettings& settings, const std::string& scheme,
                                  const std::string& authority);

// The transport limits from `env` and the `profile` section (may be null): AWSX_HTTP_TIMEOUT
// and AWS_CA_BUNDLE, else the profile's ca_bundle. Throws UsageError for a bad timeout.
TransportOptions transport_options_from(const util::Environment& env,
                                        const config::Section* profile);

} // namespace awsx::aws
