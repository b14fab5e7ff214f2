#pragma once

#include <optional>
#include <string>

#include "awsx/aws/transport.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// An HTTP proxy to route requests through.
struct ProxySettings {
  std::string https_proxy; // from HTTPS_PROXY / https_proxy
  std::string http_proxy;  // from HTTP_PROXY / http_proxy
  std::string no_proxy;    // from NO_PROXY / no_proxy, comma-separated
};

// Reads the proxy variables from `env`.
ProxySettings proxy_settings_from(const util::Environment& env);

// True when `host` matches an entry of the comma-separated `no_proxy` list.
bool bypasses_proxy(const std::string& host, const std::string& no_proxy);

// The real transport: Poco Net for http, Poco NetSSL for https with verified TLS.
class PocoTransport final : public HttpTransport {
public:
  // A transport with limits `options` that routes through `proxy`.
  PocoTransport(TransportOptions options, ProxySettings proxy);

  HttpResponse send(const HttpRequest& request) override;

private:
  TransportOptions options_;
  ProxySettings proxy_;
};

} // namespace awsx::aws
