#include "awsx/aws/sso_client.hpp"

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/sso_endpoints.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::aws {

namespace {

HttpRequest build_request(const ServiceEndpoint& portal, const std::string& access_token,
                          const std::string& account_id, const std::string& role_name) {
  auto request = sso_request(portal, "GET", "/federation/credentials");
  request.query = "account_id=" + util::uri_encode(account_id) +
                  "&role_name=" + util::uri_encode(role_name);
  request.headers.emplace_back("x-amz-sso_bearer_token", access_token);
  return request;
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
    return unreadable_answer(what, endpoint, detail);
  };
  const auto root = json_answer(body, endpoint, what);
  const auto* role = root.object("roleCredentials");
  if (role == nullptr)
    throw garbage("no roleCredentials");
  const auto required = [&](const std::string& field) {
    auto value = role->string(field).value_or("");
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
  const auto portal =
      resolve_sso_endpoint(env, "AWS_ENDPOINT_URL_SSO", "SSO", "portal.sso", region);
  const auto endpoint = portal.text();
  const auto request = build_request(portal, access_token, account_id, role_name);
  const auto sent = send_rest_json(transport, request, retry, what);
  if (sent.verdict == Verdict::done)
    return parse_credentials(sent.response.body, endpoint, what);
  const auto note = attempts_note(sent.attempts);
  if (const auto fault = parse_rest_json_fault(sent.response, {access_token}))
    throw ServiceError(what + ": " + fault->code + ": " + fault->message + note, fault->code,
                       hint_for(fault->code, account_id, role_name));
  throw NetworkError(what + ": HTTP " + std::to_string(sent.response.status) + " from " +
                     endpoint + " without an AWS error document" + note + "; is " +
                     portal.origin + " pointing at the IAM Identity Center portal?");
}

} // namespace awsx::aws
