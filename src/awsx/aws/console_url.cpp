#include "awsx/aws/console_url.hpp"

#include "awsx/aws/region.hpp"

#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr const char* endpoint_variable = "AWSX_FEDERATION_ENDPOINT";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// `path` without its leading slashes, checked: it is appended to a console host, so it
// can't change the host, but a whole URL or a space is a mistake worth naming.
std::string checked_path(const std::string& path) {
  if (path.find("://") != std::string::npos)
    throw UsageError("--path takes a path on the console, not a URL",
                     "drop the scheme and host, e.g. --path s3/buckets");
  for (const char c : path) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f)
      throw UsageError("--path has a space or a control character",
                       "percent-encode it, e.g. %20 for a space");
  }
  const auto start = path.find_first_not_of('/');
  return start == std::string::npos ? std::string() : path.substr(start);
}

} // namespace

ConsoleHosts console_hosts(std::string_view region) {
  if (starts_with(region, "cn-"))
    return {"signin.amazonaws.cn", "console.amazonaws.cn"};
  if (starts_with(region, "us-gov-"))
    return {"signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"};
  return {"signin.aws.amazon.com", "console.aws.amazon.com"};
}

std::string console_destination(const std::string& region, const std::string& path) {
  std::string page = checked_path(path);
  if (page.empty())
    page = "console/home";
  const auto hosts = console_hosts(region);
  if (region.empty())
    return "https://" + hosts.console + "/" + page;
  check_region_name(region, "the session's region"); // it becomes part of the host name
  const char joint = page.find('?') == std::string::npos ? '?' : '&';
  return "https://" + region + "." + hosts.console + "/" + page + joint +
         "region=" + util::uri_encode(region);
}

ServiceEndpoint federation_endpoint(const util::Environment& env, const std::string& region) {
  if (const auto custom = env.get_nonempty(endpoint_variable)) {
    auto url = parse_url(*custom);
    if (!url)
      throw ConfigError(
          std::string("federation endpoint \"") + redacted_url(*custom) + "\" from " +
              endpoint_variable + " is not an http(s) URL",
          "set it to the full URL, e.g. https://signin.aws.amazon.com/federation, "
          "or unset it");
    return {std::move(*url), region, endpoint_variable};
  }
  const auto hosts = console_hosts(region);
  return {*parse_url("https://" + hosts.signin + "/federation"), region,
          "the sign-in endpoint of " +
              (region.empty() ? std::string("the aws partition") : "region " + region)};
}

std::string login_url(const ServiceEndpoint& endpoint, const std::string& destination,
                      const std::string& token) {
  std::string url = endpoint.text() + endpoint.url.path + "?";
  if (!endpoint.url.query.empty())
    url += endpoint.url.query + "&";
  return url + "Action=login&Issuer=awsx&Destination=" + util::uri_encode(destination) +
         "&SigninToken=" + util::uri_encode(token);
}

} // namespace awsx::aws
