#include "awsx/aws/region.hpp"

#include <algorithm>
#include <cstdio>

#include "awsx/util/error.hpp"

namespace awsx::aws {

namespace {

constexpr std::size_t max_label = 63;

bool label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool digit(char c) {
  return c >= '0' && c <= '9';
}

// `text` cut to a readable length, with bytes outside printable ASCII as \xNN, so a
// hostile value can't rewrite the terminal line that reports it.
std::string printable(std::string_view text) {
  constexpr std::size_t shown = 80;
  std::string out;
  for (const char c : text.substr(0, shown)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f || c == '\\') {
      char escaped[5];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  if (text.size() > shown)
    out += "...";
  return out;
}

} // namespace

bool valid_region_name(std::string_view region) {
  return !region.empty() && region.size() <= max_label &&
         std::all_of(region.begin(), region.end(), label_char) &&
         !std::all_of(region.begin(), region.end(), digit) && region.front() != '-' &&
         region.back() != '-';
}

void check_region_name(const std::string& region, const std::string& origin) {
  if (valid_region_name(region))
    return;
  throw ConfigError("region \"" + printable(region) + "\" from " + origin +
                        " is not a valid region name: it becomes part of a host name, so it "
                        "may hold only letters, digits and '-' (at most 63, not all digits, "
                        "no '-' at either end); nothing was sent",
                    "use a region name such as eu-west-1 (fix " + origin + ")");
}

std::string dns_suffix(std::string_view region) {
  if (region.starts_with("cn-"))
    return "amazonaws.com.cn";
  if (region.starts_with("eusc-"))
    return "amazonaws.eu";
  return "amazonaws.com";
}

} // namespace awsx::aws
