#include "awsx/aws/sts_client.hpp"

#include <cctype>

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/sigv4.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr const char* api_version = "2011-06-15";

// Service text goes to the terminal: one line, bounded, and without any secret the request
// carried, however the endpoint echoes it.
std::string printable(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty())
      continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1)) {
      // A short secret (an MFA code) counts only as a whole word: "123456" must not
      // mangle account 123456789012.
      const auto end = at + secret.size();
      const bool whole = (at == 0 || !std::isalnum(static_cast<unsigned char>(text[at - 1]))) &&
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
  std::string body = "Action=" + util::uri_encode(action) + "&Version=" + api_version;
  for (const auto& [key, value] : params)
    body += "&" + util::uri_encode(key) + "=" + util::uri_encode(value);
  return body;
}

StsClient::StsClient(HttpTransport& transport, const util::Clock& clock, ServiceEndpoint endpoint,
                     RetryPolicy retry)
    : transport_(transport), clock_(clock), endpoint_(std::move(endpoint)), retry_(std::move(retry)) {}

HttpRequest StsClient::request_for(const std::string& body, const Credentials* caller) const {
  HttpRequest request = form_post(endpoint_.url, body);
  if (caller != nullptr)
    sign(request, *caller, SigningScope{endpoint_.region, "sts", clock_.now()});
  return request;
}

StsClient& StsClient::on_behalf_of(std::string caller) {
  caller_ = std::move(caller);
  return *this;
}

std::string StsClient::what(const std::string& action) const {
  return "sts " + action + (caller_.empty() ? "" : " for " + caller_);
}

std::string StsClient::call(const std::string& action, const Params& params,
                            const Credentials* caller) {
  const std::string body = sts_query_body(action, params);
  const std::string what = this->what(action);
  auto sent = send_with_retry(
      transport_, [&] { return request_for(body, caller); }, retry_,
      aws_classify([](const HttpResponse& response) {
        const auto fault = parse_service_fault(response.body);
        return fault ? fault->code : std::string();
      }),
      what);
  if (sent.verdict == Verdict::done)
    return std::move(sent.response.body);
  const auto note = attempts_note(sent.attempts);
  if (const auto fault = parse_service_fault(sent.response.body)) {
    const auto secrets = secrets_of(params, caller);
    const auto code = printable(fault->code, secrets);
    throw ServiceError(what + ": " + code + ": " + printable(fault->message, secrets) + note,
                       code);
  }
  throw NetworkError(what + ": HTTP " + std::to_string(sent.response.status) + " from " +
                         endpoint_.text() + " without an AWS error document" + note,
                     "is " + endpoint_.origin + " pointing at STS?");
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
