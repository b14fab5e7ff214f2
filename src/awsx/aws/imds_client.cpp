#include "awsx/aws/imds_client.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "awsx/aws/container_client.hpp"
#include "awsx/aws/url.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr const char* default_endpoint = "http://169.254.169.254";
constexpr const char* ipv6_endpoint = "http://[fd00:ec2::254]";
constexpr const char* endpoint_var = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
constexpr const char* mode_var = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
constexpr const char* disabled_var = "AWS_EC2_METADATA_DISABLED";
// botocore's default: off EC2, 169.254.169.254 must not hold up a credential lookup.
constexpr const char* timeout_var = "AWS_METADATA_SERVICE_TIMEOUT";
constexpr std::chrono::seconds default_timeout{1};
constexpr const char* token_ttl_seconds = "21600";
constexpr const char* credentials_path = "latest/meta-data/iam/security-credentials/";

// Talks to one metadata service; keeps the session token so each call can send it.
class Imds {
public:
  Imds(HttpTransport& transport, std::string base, Url url, std::chrono::milliseconds timeout)
      : transport_(transport), base_(std::move(base)), url_(std::move(url)), timeout_(timeout) {}

  // IMDSv2 wants a session token first; a service that answers 403/404/405 only speaks
  // IMDSv1, and botocore then carries on without one, so we do too.
  void open_session() {
    auto request = make("PUT", "latest/api/token");
    request.headers.emplace_back("X-aws-ec2-metadata-token-ttl-seconds", token_ttl_seconds);
    const auto response = send(request);
    if (response.status == 200 && !response.body.empty())
      token_ = response.body;
    else if (response.status != 403 && response.status != 404 && response.status != 405)
      throw CredentialError("the EC2 instance metadata service at " + base_ +
                                " refused a session token: HTTP " +
                                std::to_string(response.status),
                            "check " + std::string(endpoint_var) + " if you set it");
  }

  // GETs `path` (relative to the service root) with the session token.
  HttpResponse get(const std::string& path) {
    auto request = make("GET", path);
    if (!token_.empty())
      request.headers.emplace_back("X-aws-ec2-metadata-token", token_);
    return send(request);
  }

  // The full URL of `path`, for messages.
  std::string where(const std::string& path) const { return base_ + "/" + path; }

private:
  HttpRequest make(const std::string& method, const std::string& path) const {
    HttpRequest request;
    request.method = method;
    request.scheme = url_.scheme;
    request.host = url_.host;
    request.port = url_.port;
    request.path = url_.path + (url_.path.back() == '/' ? "" : "/") + path;
    request.timeout = timeout_;
    return request;
  }

  HttpResponse send(const HttpRequest& request) {
    try {
      return transport_.send(request);
    } catch (const NetworkError& e) {
      throw NetworkError("cannot reach the EC2 instance metadata service at " + base_ + ": " +
                             e.what(),
                         "outside EC2, pick another credential_source; in a container on EC2, "
                         "the instance's metadata hop limit may need to be 2");
    }
  }

  HttpTransport& transport_;
  std::string base_;
  Url url_;
  std::chrono::milliseconds timeout_;
  std::string token_;
};

std::string base_url_from(const util::Environment& env) {
  if (auto endpoint = env.get_nonempty(endpoint_var)) {
    auto text = std::string(util::trim(*endpoint));
    while (!text.empty() && text.back() == '/')
      text.pop_back();
    return text;
  }
  if (util::to_lower(env.get(mode_var).value_or("")) == "ipv6")
    return ipv6_endpoint;
  return default_endpoint;
}

std::string role_name(Imds& imds) {
  const auto response = imds.get(credentials_path);
  if (response.status == 404)
    throw CredentialError("no IAM role is attached to this instance",
                          "attach an instance profile to the instance, or pick another "
                          "credential_source");
  if (response.status != 200)
    throw CredentialError("the EC2 instance metadata service answered HTTP " +
                          std::to_string(response.status) + " for " +
                          imds.where(credentials_path));
  // The listing has one role per line; an instance profile holds exactly one.
  const auto first = util::split(response.body, '\n').front();
  auto name = std::string(util::trim(first));
  if (name.empty())
    throw CredentialError("no IAM role is attached to this instance",
                          "attach an instance profile to the instance, or pick another "
                          "credential_source");
  // The name goes into the next URL path, so it must be what IAM allows in a role name.
  const auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::strchr("+=,.@_-", c) != nullptr;
  };
  if (!std::all_of(name.begin(), name.end(), allowed))
    throw CredentialError("the EC2 instance metadata service at " + imds.where("") +
                          " named a role that is not a valid IAM role name");
  return name;
}

} // namespace

Credentials fetch_instance_credentials(HttpTransport& transport, const util::Environment& env) {
  if (util::to_lower(env.get(disabled_var).value_or("")) == "true")
    throw CredentialError(
        "EC2 instance metadata is disabled by " + std::string(disabled_var) + "=true",
        "unset " + std::string(disabled_var) + ", or pick another credential_source");
  const auto base = base_url_from(env);
  auto url = parse_url(base);
  if (!url)
    throw CredentialError(std::string(endpoint_var) + " is not an http(s) URL: " + redacted_url(base));
  Imds imds(transport, base, std::move(*url),
            util::duration_setting(env, timeout_var, default_timeout));
  imds.open_session();
  const auto role = role_name(imds);
  const auto path = credentials_path + role;
  const auto response = imds.get(path);
  if (response.status != 200)
    throw CredentialError("the EC2 instance metadata service answered HTTP " +
                              std::to_string(response.status) +
                              " for the credentials of role " + role,
                          "check the instance profile attached to the instance");
  auto credentials = parse_container_credentials(response.body);
  if (!credentials)
    throw CredentialError(
        "the EC2 instance metadata service sent unusable credentials for role " + role + ": " +
            credentials.error(),
        "check that the role trusts ec2.amazonaws.com");
  if (!credentials->temporary() || !credentials->expiration)
    throw CredentialError("the EC2 instance metadata service sent credentials for role " +
                          role + " without a Token or Expiration");
  return std::move(credentials).value();
}

} // namespace awsx::aws
