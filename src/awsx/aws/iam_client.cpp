#include "awsx/aws/iam_client.hpp"

#include "awsx/aws/query_request.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

constexpr const char* api_version = "2010-05-08";

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

ServiceEndpoint make(const std::string& text, const std::string& region, std::string origin) {
  auto url = parse_url(text);
  if (!url)
    throw ConfigError("IAM endpoint \"" + redacted_url(text) + "\" from " + origin +
                      " is not an http(s) URL; fix or unset it");
  return {*url, region, std::move(origin)};
}

// The partition's IAM host and signing region for `region`; empty host for a partition
// whose endpoint awsx does not know.
std::pair<std::string, std::string> partition_iam(const std::string& region) {
  if (starts_with(region, "cn-"))
    return {"iam.cn-north-1.amazonaws.com.cn", "cn-north-1"};
  if (starts_with(region, "us-gov-"))
    return {"iam.us-gov.amazonaws.com", "us-gov-west-1"};
  if (starts_with(region, "us-iso") || starts_with(region, "eu-iso") ||
      starts_with(region, "eusc-"))
    return {"", ""};
  return {"iam.amazonaws.com", "us-east-1"};
}

} // namespace

ServiceEndpoint resolve_iam_endpoint(const util::Environment& env, const std::string& region) {
  const auto [host, signing_region] = partition_iam(region);
  const auto ignore = env.get_nonempty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  if (!ignore || util::to_lower(util::trim(*ignore)) != "true") {
    const std::string scope = signing_region.empty() ? region : signing_region;
    if (auto url = env.get_nonempty("AWS_ENDPOINT_URL_IAM"))
      return make(*url, scope, "AWS_ENDPOINT_URL_IAM");
    if (auto url = env.get_nonempty("AWS_ENDPOINT_URL"))
      return make(*url, scope, "AWS_ENDPOINT_URL");
  }
  if (host.empty())
    throw ConfigError("awsx does not know the IAM endpoint of the partition of region " +
                          region,
                      "set AWS_ENDPOINT_URL_IAM to it");
  return make("https://" + host, signing_region, "the " + signing_region + " IAM endpoint");
}

IamClient::IamClient(HttpTransport& transport, const util::Clock& clock,
                     ServiceEndpoint endpoint, RetryPolicy retry)
    : transport_(transport), clock_(clock), endpoint_(std::move(endpoint)),
      retry_(std::move(retry)) {}

std::string IamClient::call(const std::string& action, const Params& params,
                            const Credentials& caller) {
  return send_query(
      transport_, clock_, retry_,
      {endpoint_, "iam", "iam " + action, {caller.secret_access_key, caller.session_token}},
      query_body(action, api_version, params), &caller);
}

void IamClient::unreadable(const std::string& action, const std::string& problem) const {
  throw NetworkError("iam " + action + ": " + problem + " from " + endpoint_.text(),
                     "is " + endpoint_.origin + " pointing at IAM?");
}

IamUser IamClient::get_user(const Credentials& caller) {
  auto user = parse_iam_user(call("GetUser", {}, caller));
  if (!user)
    unreadable("GetUser", user.error());
  return std::move(user).value();
}

namespace {

std::vector<std::pair<std::string, std::string>> user_param(const std::string& user) {
  if (user.empty())
    return {};
  return {{"UserName", user}};
}

} // namespace

std::vector<AccessKeyInfo> IamClient::list_access_keys(const Credentials& caller,
                                                       const std::string& user) {
  auto keys = parse_access_keys(call("ListAccessKeys", user_param(user), caller));
  if (!keys)
    unreadable("ListAccessKeys", keys.error());
  return std::move(keys).value();
}

Credentials IamClient::create_access_key(const Credentials& caller, const std::string& user) {
  auto key = parse_created_key(call("CreateAccessKey", user_param(user), caller));
  if (!key)
    unreadable("CreateAccessKey", key.error());
  return std::move(key).value();
}

void IamClient::delete_access_key(const Credentials& caller, const std::string& user,
                                  const std::string& key_id) {
  auto params = user_param(user);
  params.emplace_back("AccessKeyId", key_id);
  call("DeleteAccessKey", params, caller);
}

} // namespace awsx::aws
