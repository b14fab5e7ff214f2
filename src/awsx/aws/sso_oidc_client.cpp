#include "awsx/aws/sso_oidc_client.hpp"

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/sso_endpoints.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"

namespace awsx::aws {

namespace {

HttpRequest build_request(const ServiceEndpoint& endpoint, const SsoRefreshGrant& grant) {
  auto request = sso_request(endpoint, "POST", "/token");
  request.headers.emplace_back("Content-Type", "application/json");
  util::FlatObject body;
  body.set("clientId", grant.client_id)
      .set("clientSecret", grant.client_secret)
      .set("grantType", "refresh_token")
      .set("refreshToken", grant.refresh_token);
  request.body = body.dump();
  return request;
}

RefreshedSsoToken parse_token(const std::string& body, const std::string& endpoint,
                              const std::string& what) {
  const auto garbage = [&](const std::string& detail) {
    return unreadable_answer(what, endpoint, detail);
  };
  const auto root = json_answer(body, endpoint, what);
  RefreshedSsoToken token;
  token.access_token = root.string("accessToken").value_or("");
  if (token.access_token.empty())
    throw garbage("no accessToken");
  const auto expires_in = root.integer("expiresIn");
  // A lifetime of zero or less would be a token that is expired as it arrives.
  if (!expires_in || *expires_in <= 0)
    throw garbage("no positive integer expiresIn");
  token.expires_in = std::chrono::seconds(*expires_in);
  if (auto refresh = root.string("refreshToken"); refresh && !refresh->empty())
    token.refresh_token = std::move(*refresh);
  return token;
}

} // namespace

RefreshedSsoToken refresh_sso_token(HttpTransport& transport, const util::Environment& env,
                                    const std::string& region, const SsoRefreshGrant& grant,
                                    const std::string& caller, const RetryPolicy& retry) {
  const std::string what = "sso-oidc CreateToken" + (caller.empty() ? "" : " for " + caller);
  const auto oidc =
      resolve_sso_endpoint(env, "AWS_ENDPOINT_URL_SSO_OIDC", "SSO OIDC", "oidc", region);
  const auto endpoint = oidc.text();
  const auto request = build_request(oidc, grant);
  const auto sent = send_rest_json(transport, request, retry, what);
  if (sent.verdict == Verdict::done)
    return parse_token(sent.response.body, endpoint, what);
  const auto note = attempts_note(sent.attempts);
  if (const auto fault =
          parse_rest_json_fault(sent.response, {grant.client_secret, grant.refresh_token}))
    throw ServiceError(what + ": " + fault->code +
                           (fault->message.empty() ? "" : ": " + fault->message) + note,
                       fault->code);
  throw NetworkError(what + ": HTTP " + std::to_string(sent.response.status) + " from " +
                     endpoint + " without an AWS error document" + note + "; is " +
                     oidc.origin + " pointing at IAM Identity Center OIDC?");
}

} // namespace awsx::aws
