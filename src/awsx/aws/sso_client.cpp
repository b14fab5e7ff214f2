#include "awsx/aws/sso_client.hpp"

#include <algorithm>
#include <optional>

#include "awsx/aws/region.hpp"
#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/url.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::aws {

namespace {

// Error messages are echoed to the terminal; a misbehaving endpoint must not flood it.
constexpr std::size_t max_message = 300;

struct Portal {
  Url url;
  std::string origin; // what chose the URL, for messages
};

std::string url_text(const Url& url) {
  const bool default_port =
      (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  const bool v6 = url.host.find(':') != std::string::npos;
  return url.scheme + "://" + (v6 ? "[" + url.host + "]" : url.host) +
         (default_port ? "" : ":" + std::to_string(url.port));
}

Portal resolve_portal(const util::Environment& env, const std::string& region) {
  const auto ignore = env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  const bool ignored = ignore && util::to_lower(util::trim(*ignore)) == "true";
  if (auto custom = env.get_nonempty("AWS_ENDPOINT_URL_SSO"); custom && !ignored) {
    auto url = parse_url(*custom);
    if (!url)
      throw ConfigError("SSO endpoint \"" + redacted_url(*custom) +
                        "\" from AWS_ENDPOINT_URL_SSO is not an http(s) URL; fix or unset it");
    return {std::move(*url), "AWS_ENDPOINT_URL_SSO"};
  }
  // The region becomes part of a host name, so anything odd in it must stop here.
  check_region_name(region, "sso_region");
  auto url = parse_url("https://portal.sso." + region + "." + dns_suffix(region));
  return {std::move(*url), "sso_region " + region};
}

HttpRequest build_request(const Url& base, const std::string& access_token,
                          const std::string& account_id, const std::string& role_name) {
  HttpRequest request;
  request.method = "GET";
  request.scheme = base.scheme;
  request.host = base.host;
  request.port = base.port;
  // A custom endpoint may carry a path prefix (a proxy); the operation's path goes after it.
  std::string prefix = base.path;
  while (!prefix.empty() && prefix.back() == '/')
    prefix.pop_back();
  request.path = prefix + "/federation/credentials";
  request.query = "account_id=" + util::uri_encode(account_id) +
                  "&role_name=" + util::uri_encode(role_name);
  request.headers = {{"Host", request.authority()},
                     {"Accept", "application/json"},
                     {"User-Agent", user_agent()},
                     {"x-amz-sso_bearer_token", access_token}};
  return request;
}

// Member `name` of `object` when it is a string, else empty (also for a null `object`).
std::string string_member(const util::FlatObject* object, std::string_view name) {
  return object ? object->string(name).value_or("") : std::string{};
}

std::string shorten(std::string text) {
  if (text.size() > max_message)
    text = text.substr(0, max_message) + "...";
  return text;
}

struct Fault {
  std::string code;
  std::string message;
};

// rest-json names the error in x-amzn-errortype ("Code:http://internal..."), or in the
// body's __type ("namespace#Code") or code, depending on the service front end.
std::optional<Fault> parse_fault(const HttpResponse& response) {
  const auto document = util::FlatObject::parse_lenient(response.body);
  const util::FlatObject* body = document ? &*document : nullptr;
  std::string code = response.header("x-amzn-errortype");
  if (code.empty())
    code = string_member(body, "__type");
  if (code.empty())
    code = string_member(body, "code");
  if (code.empty())
    code = string_member(body, "Code");
  code = code.substr(0, code.find(':'));
  if (const auto hash = code.rfind('#'); hash != std::string::npos)
    code = code.substr(hash + 1);
  code = std::string(util::trim(code));
  if (code.empty())
    return std::nullopt;
  std::string message = string_member(body, "message");
  if (message.empty())
    message = string_member(body, "Message");
  return Fault{shorten(code), shorten(message)};
}

std::string hint_for(const std::string& code, const std::string& account_id,
                     const std::string& role_name) {
  if (code == "UnauthorizedException")
    return "the SSO sign-in has expired or was revoked; run `aws sso login` for this profile";
  if (code == "ForbiddenException" || code == "ResourceNotFoundException")
    return "check that role " + role_name + " in account " + account_id +
           " is assigned to you (sso_account_id, sso_role_name)";
  return {};
}

Credentials parse_credentials(const std::string& body, const std::string& endpoint,
                              const std::string& what) {
  const auto garbage = [&](const std::string& detail) {
    return NetworkError(what + ": unreadable response from " + endpoint + " (" + detail + ")");
  };
  const auto root = util::FlatObject::parse_lenient(body);
  if (!root)
    throw garbage("not a JSON object");
  const auto* role = root->object("roleCredentials");
  if (role == nullptr)
    throw garbage("no roleCredentials");
  const auto required = [&](const std::string& field) {
    auto value = string_member(role, field);
    if (value.empty())
      throw garbage("no roleCredentials." + field);
    return value;
  };
  Credentials creds;
  creds.access_key_id = required("accessKeyId");
  creds.secret_access_key = required("secretAccessKey");
  creds.session_token = required("sessionToken");
  const auto expiration = role->number("expiration");
  if (!expiration)
    throw garbage("no numeric roleCredentials.expiration");
  // The portal sends epoch milliseconds, unlike STS's ISO 8601 timestamps; taken as a
  // double so that no number can overflow, then clamped as STS times are.
  creds.expiration = util::from_epoch_millis(*expiration);
  if (!creds.expiration)
    throw garbage("roleCredentials.expiration before 1677");
  return creds;
}

} // namespace

RetryPolicy sso_retry_policy() {
  // The portal is asked once per session, interactively; a long backoff only delays the user.
  return {.max_attempts = 3,
          .base_delay = std::chrono::milliseconds(100),
          .max_delay = std::chrono::milliseconds(800)};
}

Credentials get_role_credentials(HttpTransport& transport, const util::Environment& env,
                                 const std::string& region, const std::string& access_token,
                                 const std::string& account_id, const std::string& role_name,
                                 const std::string& caller, const RetryPolicy& retry) {
  const std::string what = "sso GetRoleCredentials" + (caller.empty() ? "" : " for " + caller);
  const auto portal = resolve_portal(env, region);
  const auto endpoint = url_text(portal.url);
  const auto request = build_request(portal.url, access_token, account_id, role_name);
  const auto sent = send_with_retry(
      transport, [&] { return request; }, retry, aws_classify([](const HttpResponse& response) {
        const auto fault = parse_fault(response);
        return fault ? fault->code : std::string();
      }),
      what);
  if (sent.verdict == Verdict::done)
    return parse_credentials(sent.response.body, endpoint, what);
  const auto note = attempts_note(sent.attempts);
  if (const auto fault = parse_fault(sent.response))
    throw ServiceError(what + ": " + fault->code + ": " + fault->message + note, fault->code,
                       hint_for(fault->code, account_id, role_name));
  throw NetworkError(what + ": HTTP " + std::to_string(sent.response.status) + " from " +
                     endpoint + " without an AWS error document" + note + "; is " +
                     portal.origin + " pointing at the IAM Identity Center portal?");
}

} // namespace awsx::aws
