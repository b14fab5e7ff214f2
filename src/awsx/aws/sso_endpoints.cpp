#include "awsx/aws/sso_endpoints.hpp"

#include "awsx/aws/region.hpp"
#include "awsx/aws/service_text.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

// Error messages are echoed to the terminal; a misbehaving endpoint must not flood it.

// Member `name` of `object` when it is a string, else empty (also for a null `object`).
std::string string_member(const util::FlatObject* object, std::string_view name) {
  return object ? object->string(name).value_or("") : std::string{};
}

} // namespace

ServiceEndpoint resolve_sso_endpoint(const util::Environment& env, const std::string& variable,
                                     const std::string& service, const std::string& host_prefix,
                                     const std::string& region) {
  const auto ignore = env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  const bool ignored = ignore && util::to_lower(util::trim(*ignore)) == "true";
  if (auto custom = env.get_nonempty(variable); custom && !ignored) {
    auto url = parse_url(*custom);
    if (!url)
      throw ConfigError(service + " endpoint \"" + redacted_url(*custom) + "\" from " +
                        variable + " is not an http(s) URL; fix or unset it");
    return {std::move(*url), region, variable};
  }
  // The region becomes part of a host name, so anything odd in it must stop here.
  check_region_name(region, "sso_region");
  auto url = parse_url("https://" + host_prefix + "." + region + "." + dns_suffix(region));
  return {std::move(*url), region, "sso_region " + region};
}

HttpRequest sso_request(const ServiceEndpoint& endpoint, const std::string& method,
                        const std::string& path) {
  HttpRequest request;
  request.method = method;
  request.scheme = endpoint.url.scheme;
  request.host = endpoint.url.host;
  request.port = endpoint.url.port;
  std::string prefix = endpoint.url.path;
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  request.path = prefix + path;
  request.headers = {{"Host", request.authority()},
                     {"Accept", "application/json"},
                     {"User-Agent", user_agent()}};
  return request;
}

std::optional<RestJsonFault> parse_rest_json_fault(const HttpResponse& response,
                                                   const std::vector<std::string>& secrets) {
  const auto document = util::FlatObject::parse_lenient(response.body);
  const util::FlatObject* body = document ? &*document : nullptr;
  std::string code = response.header("x-amzn-errortype");
  for (const char* member : {"__type", "code", "Code"})
    if (code.empty())
      code = string_member(body, member);
  code = code.substr(0, code.find(':'));
  if (const auto hash = code.rfind('#'); hash != std::string::npos)
    code = code.substr(hash + 1);
  code = std::string(util::trim(code));
  if (code.empty())
    return std::nullopt;
  std::string message;
  for (const char* member : {"message", "Message", "error_description"})
    if (message.empty())
      message = string_member(body, member);
  return RestJsonFault{printable_service_text(code, secrets),
                       printable_service_text(message, secrets)};
}

Sent send_rest_json(HttpTransport& transport, const HttpRequest& request,
                    const RetryPolicy& retry, const std::string& what) {
  return send_with_retry(
      transport, [&] { return request; }, retry, aws_classify([](const HttpResponse& response) {
        const auto fault = parse_rest_json_fault(response);
        return fault ? fault->code : std::string();
      }),
      what);
}

NetworkError unreadable_answer(const std::string& what, const std::string& endpoint,
                               const std::string& detail) {
  return NetworkError(what + ": unreadable response from " + endpoint + " (" + detail + ")");
}

util::FlatObject json_answer(const std::string& body, const std::string& endpoint,
                             const std::string& what) {
  auto root = util::FlatObject::parse_lenient(body);
  if (!root)
    throw unreadable_answer(what, endpoint, "not a JSON object");
  return std::move(*root);
}

} // namespace awsx::aws
