#pragma once

#include <chrono>
#include <string>

#include "awsx/aws/http_types.hpp"

namespace awsx::aws {

// Sends one HTTP request and returns the response; behind an interface so unit
// tests can answer with canned responses instead of a network.
class HttpTransport {
public:
  virtual ~HttpTransport() = default;

  // Sends `request`; throws NetworkError when no HTTP response could be read.
  virtual HttpResponse send(const HttpRequest& request) = 0;
};

// Limits for one request on a real network.
struct TransportOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds read_timeout{10000};
  std::string ca_bundle;   // PEM file to verify TLS against; empty = system store
};

} // namespace awsx::aws
