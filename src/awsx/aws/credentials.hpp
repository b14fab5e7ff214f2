#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

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

// True when `id` is made of capital letters and digits only, as access key ids are
// (AKIA..., ASIA...). Only such a value may appear in a message: a secret access key in
// its place (two variables swapped, a paste into the wrong prompt) has lowercase letters,
// "/" or "+" for certain in practice, and must never be shown.
inline bool looks_like_access_key_id(std::string_view id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

} // namespace awsx::aws
