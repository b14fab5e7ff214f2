#include "awsx/aws/service_text.hpp"

#include <cctype>

namespace awsx::aws {

// Service text goes to the terminal: one line, bounded, and without any secret the request
// carried, however the endpoint echoes it.
std::string printable_service_text(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty())
      continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
      // A short secret (an MFA code) counts only as a whole word: "123456" must not
      // mangle account 123456789012.
      const auto end = at + secret.size();
      const bool whole =
          (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))) &&
          (end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end])));
      if (secret.size() >= 16 || whole)
        text.replace(at, secret.size(), "***");
    }
  }
  std::string out;
  for (const char c : text) {
    const bool control = static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
    if (control || c == ' ') {
      if (!out.empty() && out.back() != ' ')
        out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ')
    out.pop_back();
  constexpr std::size_t max_length = 400;
  if (out.size() > max_length)
    out = out.substr(0, max_length) + "...";
  return out;
}

} // namespace awsx::aws
