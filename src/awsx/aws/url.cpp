#include "awsx/aws/url.hpp"

#include "awsx/util/strings.hpp"

namespace awsx::aws {

std::optional<Url> parse_url(std::string_view text) {
  text = util::trim(text);
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos)
    return std::nullopt;
  url.scheme = util::to_lower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https")
    return std::nullopt;
  auto rest = text.substr(scheme_end + 3);
  const auto path_start = rest.find_first_of("/?");
  auto authority = rest.substr(0, path_start);
  auto tail =
      path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1); // user-info is never used for AWS endpoints
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos)
      return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos)
      port_text = authority.substr(colon + 1);
  }
  if (url.host.empty())
    return std::nullopt;
  if (!port_text.empty()) {
    if (!util::is_digits(port_text) || port_text.size() > 5)
      return std::nullopt;
    url.port = std::stoi(std::string(port_text));
    if (url.port < 1 || url.port > 65535)
      return std::nullopt;
  } else {
    url.port = url.scheme == "https" ? 443 : 80;
  }
  const auto q = tail.find('?');
  url.path = std::string(tail.substr(0, q));
  if (url.path.empty())
    url.path.assign(1, '/'); // not = "/": GCC 12 warns falsely (-Wrestrict, PR105329)
  if (q != std::string_view::npos)
    url.query = std::string(tail.substr(q + 1));
  return url;
}

std::string redacted_url(std::string_view text) {
  std::string out(text);
  const auto scheme_end = out.find("://");
  const auto authority = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const auto path_start = out.find_first_of("/?#", authority);
  const auto at = out.rfind('@', path_start == std::string::npos ? out.size() : path_start);
  if (at != std::string::npos && at >= authority)
    out.replace(authority, at - authority, "***");
  if (const auto query = out.find('?'); query != std::string::npos)
    out.replace(query + 1, std::string::npos, "***");
  return out;
}

} // namespace awsx::aws
