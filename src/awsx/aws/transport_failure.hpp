#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>

#include "awsx/aws/transport_env.hpp"

namespace Poco {
class Exception;
}

namespace awsx::aws {

// How far one HTTP exchange got, kept up to date while it runs, so that its failure can
// be explained: which peer failed (the server or the proxy), and at which step.
struct Exchange {
  std::string target;            // "https://host:port", as messages show it
  std::string host;              // the name the server's certificate must match
  std::optional<ProxyUrl> proxy; // set when the exchange goes through a proxy
  std::chrono::milliseconds connect_timeout{0};
  std::chrono::milliseconds read_timeout{0};
  std::string ca_bundle;           // empty: the system store
  std::string ca_bundle_origin;    // e.g. "AWS_CA_BUNDLE"
  bool handshaking = false;        // TCP stands, the TLS handshake is under way
  bool connected = false;          // TCP (and TLS) set up, request about to go out
  std::size_t received = 0;        // bytes of the answer's body read so far
  bool late = false;               // the handshake or the answer ran out of time
  std::string certificate_problem; // OpenSSL's reason when it rejected the certificate
};

// Throws the NetworkError that says, in one line, what `failure` means for `exchange`
// and where it happened; PermanentNetworkError when retrying cannot help (certificates,
// a proxy refusing).
[[noreturn]] void throw_failure(const Poco::Exception& failure, const Exchange& exchange);

// OpenSSL's text for `failure` without the "SSL Exception: error:0A000086:SSL routines::"
// boilerplate, e.g. "wrong version number".
std::string tls_reason(const Poco::Exception& failure);

} // namespace awsx::aws
