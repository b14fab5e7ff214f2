#pragma once

#include <optional>
#include <string>

#include "awsx/util/clock.hpp"

namespace awsx::aws {

// A set of AWS credentials; long-term keys have neither a session token nor an expiry.
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;             // empty for long-term keys
  std::optional<util::TimePoint> expiration;

  // True when the credentials carry a session token, i.e. they are temporary.
  bool temporary() const { return !session_token.empty(); }
};

} // namespace awsx::aws
