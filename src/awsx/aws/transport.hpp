#pragma once

#include <chrono>
#include <string>

#include "awsx/aws/http_types.hpp"
#include "awsx/util/error.hpp"

namespace awsx::aws {

// Sends one HTTP request and returns the response; behind an interface so unit
// tests can answer with canned responses instead of a network.
class HttpTransport {
public:
  virtual ~HttpTransport() = default;

  // Sends `request`; throws NetworkError when no HTTP response could be read.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// A network failure that retrying cannot fix, such as an untrusted certificate or a proxy
// that refuses; clients give up at once instead of retrying.
class PermanentNetworkError : public NetworkError {
public:
  using NetworkError::NetworkError;
};

// Limits for one request on a real network.
struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{10000};
  std::string ca_bundle;   // PEM file to verify TLS against; empty = system store
  std::string ca_bundle_origin; // what set `ca_bundle`, e.g. "AWS_CA_BUNDLE", for messages
};

} // namespace awsx::aws
