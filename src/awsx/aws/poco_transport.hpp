#pragma once

#include "awsx/aws/transport.hpp"
#include "awsx/aws/transport_env.hpp"

namespace awsx::aws {

// The real transport: Poco Net for http, Poco NetSSL for https with verified TLS.
// Each request gets at most `connect_timeout` to connect and `read_timeout` for the
// whole answer, however slowly the peer sends it.
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
