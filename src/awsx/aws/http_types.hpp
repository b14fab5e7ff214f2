#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "awsx/aws/url.hpp"

namespace awsx::aws {

// One HTTP header as sent on the wire: name as written, value unmodified.
using Header = std::pair<std::string, std::string>;

// An HTTP request before it is sent; the signer and transports share this shape.
struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";
  std::string host;       // host name or address, without the port
  int port = 0;           // 0 means the scheme's default
  std::string path = "/"; // as it goes on the request line, without the query
  std::string query;      // raw query string without the leading '?', may be empty
  std::vector<Header> headers;
  std::string body;
  bool direct = false; // never through a proxy, whatever HTTP(S)_PROXY say
  // Caps the transport's connect and read timeouts for this request (e.g. IMDS: 1 s).
  std::optional<std::chrono::milliseconds> timeout;

  // The value of the first header named `name` (case-insensitive), or "" if none.
  std::string header(const std::string& name) const;
  // Replaces every header named `name` (case-insensitive) with one `name: value`.
  void set_header(const std::string& name, const std::string& value);
  // `host` plus `:port` when the port is not the scheme's default; the Host header value.
  std::string authority() const;
};

// An HTTP response as read from the wire.
struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;

  // The value of the first header named `name` (case-insensitive), or "" if none.
  std::string header(const std::string& name) const;
};

// A POST of the form `body` to `url`'s host, port and path (not its query), with the Host,
// Content-Type (a UTF-8 form) and User-Agent headers: the shape of STS and federation calls.
HttpRequest form_post(const Url& url, std::string body);

// "awsx/<version>": the User-Agent of awsx's STS and SSO requests, so CloudTrail's
// userAgent field shows which tool called.
std::string user_agent();

} // namespace awsx::aws
