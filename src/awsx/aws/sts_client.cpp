#include "awsx/aws/sts_client.hpp"

#include "awsx/aws/query_request.hpp"
#include "awsx/util/error.hpp"

namespace awsx::aws {

namespace {

constexpr const char* api_version = "2011-06-15";

// What a request to STS may carry that must never be shown: the signer's secrets, the MFA
// code and the web identity token.
std::vector<std::string> secrets_of(const std::vector<std::pair<std::string, std::string>>& params,
                                    const Credentials* caller) {
  std::vector<std::string> secrets;
  for (const auto& [key, value] : params)
    if (key == "TokenCode" || key == "WebIdentityToken")
      secrets.push_back(value);
  if (caller != nullptr) {
    secrets.push_back(caller->secret_access_key);
    secrets.push_back(caller->session_token);
  }
  return secrets;
}

} // namespace

std::string sts_query_body(const std::string& action,
                           const std::vector<std::pair<std::string, std::string>>& params) {
  return query_body(action, api_version, params);
}

StsClient::StsClient(HttpTransport& transport, const util::Clock& clock, ServiceEndpoint endpoint,
                     RetryPolicy retry)
    : transport_(transport), clock_(clock), endpoint_(std::move(endpoint)), retry_(std::move(retry)) {}

StsClient& StsClient::on_behalf_of(std::string caller) {
  caller_ = std::move(caller);
  return *this;
}

std::string StsClient::what(const std::string& action) const {
  return "sts " + action + (caller_.empty() ? "" : " for " + caller_);
}

std::string StsClient::call(const std::string& action, const Params& params,
                            const Credentials* caller) {
  return send_query(transport_, clock_, retry_,
                    {endpoint_, "sts", what(action), secrets_of(params, caller)},
                    sts_query_body(action, params), caller);
}

Credentials StsClient::read_credentials(const std::string& action,
                                        const std::string& body) const {
  auto creds = parse_sts_credentials(body, action);
  if (!creds)
    throw NetworkError(what(action) + ": " + creds.error() + " from " + endpoint_.text(),
                       "is " + endpoint_.origin + " pointing at STS? A captive portal or a "
                       "proxy may be answering instead");
  return std::move(creds).value();
}

namespace {

void add_role_params(std::vector<std::pair<std::string, std::string>>& params,
                     const AssumeRoleRequest& request) {
  params.emplace_back("RoleArn", request.role_arn);
  params.emplace_back("RoleSessionName", request.session_name);
  if (request.duration_seconds)
    params.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
}

} // namespace

Credentials StsClient::assume_role(const Credentials& caller, const AssumeRoleRequest& request) {
  Params params;
  add_role_params(params, request);
  if (!request.external_id.empty())
    params.emplace_back("ExternalId", request.external_id);
  if (!request.serial_number.empty()) {
    params.emplace_back("SerialNumber", request.serial_number);
    params.emplace_back("TokenCode", request.token_code);
  }
  return read_credentials("AssumeRole", call("AssumeRole", params, &caller));
}

Credentials StsClient::assume_role_with_web_identity(const AssumeRoleRequest& request,
                                                     const std::string& token) {
  Params params;
  add_role_params(params, request);
  params.emplace_back("WebIdentityToken", token);
  return read_credentials("AssumeRoleWithWebIdentity",
                          call("AssumeRoleWithWebIdentity", params, nullptr));
}

Credentials StsClient::get_session_token(const Credentials& caller,
                                         const SessionTokenRequest& request) {
  Params params;
  if (request.duration_seconds)
    params.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  if (!request.serial_number.empty()) {
    params.emplace_back("SerialNumber", request.serial_number);
    params.emplace_back("TokenCode", request.token_code);
  }
  return read_credentials("GetSessionToken", call("GetSessionToken", params, &caller));
}

Credentials StsClient::get_federation_token(const Credentials& caller,
                                            const FederationTokenRequest& request) {
  Params params;
  params.emplace_back("Name", request.name);
  if (!request.policy.empty())
    params.emplace_back("Policy", request.policy);
  if (request.duration_seconds)
    params.emplace_back("DurationSeconds", std::to_string(*request.duration_seconds));
  return read_credentials("GetFederationToken", call("GetFederationToken", params, &caller));
}

CallerIdentity StsClient::get_caller_identity(const Credentials& caller) {
  auto id = parse_caller_identity(call("GetCallerIdentity", {}, &caller));
  if (!id)
    throw NetworkError(what("GetCallerIdentity") + ": " + id.error() + " from " +
                       endpoint_.text());
  return std::move(id).value();
}

} // namespace awsx::aws
