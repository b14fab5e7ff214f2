#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace awsx::aws {

// The parts of an absolute http(s) URL that awsx needs.
struct Url {
  std::string scheme; // "http" or "https", lowercased
  std::string host;   // without brackets for IPv6 literals
  int port = 0;       // explicit port, or the scheme's default
  std::string path;   // "/" when absent
  std::string query;  // without '?'
};

// Parses `text` as an absolute http or https URL; nullopt when it is not one.
std::optional<Url> parse_url(std::string_view text);

// `text` (a URL, or what should have been one) for a message: user-info and the query,
// which can carry a password or a token, are replaced by "***".
std::string redacted_url(std::string_view text);

} // namespace awsx::aws
