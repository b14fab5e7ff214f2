#include "awsx/aws/container_client.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstring>

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/url.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"
#include "awsx/util/token_file.hpp"

namespace awsx::aws {

namespace {

constexpr const char* full_uri_var = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
constexpr const char* relative_uri_var = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
constexpr const char* token_var = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
constexpr const char* token_file_var = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
constexpr const char* ecs_host = "http://169.254.170.2";
constexpr const char* allowed_hosts_text =
    "a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23";

// Plain http carries the authorization token in clear text, so it may only go to this
// machine or to the link-local agents of ECS and EKS Pod Identity, which never leave the host.
bool plain_http_allowed(const std::string& host) {
  if (util::to_lower(host) == "localhost")
    return true;
  std::array<unsigned char, 16> ip{};
  if (inet_pton(AF_INET, host.c_str(), ip.data()) == 1) {
    const std::array<unsigned char, 4> ecs{169, 254, 170, 2}, eks{169, 254, 170, 23};
    return ip[0] == 127 || std::equal(ecs.begin(), ecs.end(), ip.begin()) ||
           std::equal(eks.begin(), eks.end(), ip.begin());
  }
  if (inet_pton(AF_INET6, host.c_str(), ip.data()) == 1) {
    const std::array<unsigned char, 16> loopback{0, 0, 0, 0, 0, 0, 0, 0,
                                                 0, 0, 0, 0, 0, 0, 0, 1};
    const std::array<unsigned char, 16> eks{0xfd, 0, 0x0e, 0xc2, 0, 0, 0, 0,
                                            0,    0, 0,    0,    0, 0, 0, 0x23};
    return ip == loopback || ip == eks;
  }
  return false;
}

std::string read_token_file(const std::string& path) {
  auto token = util::read_token_file(path);
  if (!token)
    throw CredentialError("cannot read " + std::string(token_file_var) + " " + path + ": " +
                              token.error(),
                          "fix the path or unset " + std::string(token_file_var));
  return std::move(token).value();
}

// A CR or LF would let the token smuggle extra headers into the request.
void check_header_safe(const std::string& token, const std::string& origin) {
  if (token.find_first_of("\r\n") != std::string::npos)
    throw CredentialError("the container authorization token from " + origin +
                              " contains a line break, which is not allowed in an HTTP header",
                          "fix " + origin + " so that it holds the token on one line");
}

// The token file wins over the variable, as in botocore, because EKS Pod Identity rotates
// the file under a long-running process.
std::string authorization_from(const util::Environment& env) {
  if (const auto path = env.get_nonempty(token_file_var)) {
    auto token = read_token_file(*path);
    check_header_safe(token, std::string(token_file_var) + " (" + *path + ")");
    return token;
  }
  auto token = env.get(token_var).value_or("");
  check_header_safe(token, token_var);
  return token;
}

// Error text from the endpoint is shown to the user, so keep it short and printable.
std::string printable(const std::string& text) {
  std::string out;
  for (const char c : text.substr(0, 200))
    out += (c >= 0x20 && c < 0x7f) ? c : ' ';
  return out;
}

std::string error_message(const std::string& body) {
  const auto object = util::FlatObject::parse_lenient(body);
  if (!object)
    return {};
  for (const char* key : {"message", "Message"})
    if (auto text = object->string(key))
      return printable(*text);
  return {};
}

std::string with_message(std::string text, const std::string& body) {
  if (const auto message = error_message(body); !message.empty())
    text += " " + message;
  return text;
}

HttpRequest request_for(const ContainerEndpoint& endpoint) {
  const auto url = parse_url(endpoint.url);
  if (!url)
    throw CredentialError(endpoint.origin +
                          " is not an http(s) URL: " + redacted_url(endpoint.url));
  check_header_safe(endpoint.authorization, endpoint.origin);
  HttpRequest request;
  request.scheme = url->scheme;
  request.host = url->host;
  request.port = url->port;
  request.path = url->path;
  request.query = url->query;
  request.headers = {{"Accept", "application/json"}};
  // As botocore's container provider: the endpoint is local to the machine or task, and
  // its token must not travel through a proxy.
  request.direct = true;
  if (!endpoint.authorization.empty())
    request.headers.emplace_back("Authorization", endpoint.authorization);
  return request;
}

[[noreturn]] void refused(const ContainerEndpoint& endpoint, const HttpResponse& response,
                          const std::string& note) {
  const bool auth = response.status == 401 || response.status == 403;
  throw CredentialError(
      with_message("container credential endpoint " + endpoint.url +
                       " refused the request: HTTP " + std::to_string(response.status),
                   response.body) +
          note,
      auth ? "check AWS_CONTAINER_AUTHORIZATION_TOKEN (or the file named by " +
                 std::string(token_file_var) + "): the endpoint did not accept it"
           : "check that " + endpoint.origin + " names a container credential endpoint");
}

} // namespace

std::optional<ContainerEndpoint> container_endpoint_from(const util::Environment& env) {
  ContainerEndpoint endpoint;
  // The relative URI wins, as in botocore: ECS sets it and it can only name the ECS agent.
  if (auto relative = env.get_nonempty(relative_uri_var)) {
    if (relative->front() != '/')
      relative->insert(0, "/");
    endpoint.url = ecs_host + *relative;
    endpoint.origin = relative_uri_var;
  } else if (auto full = env.get_nonempty(full_uri_var)) {
    endpoint.url = std::string(util::trim(*full));
    endpoint.origin = full_uri_var;
  } else {
    return std::nullopt;
  }
  const auto url = parse_url(endpoint.url);
  if (!url)
    throw CredentialError(endpoint.origin +
                              " is not an http(s) URL: " + redacted_url(endpoint.url),
                          "set it to a URL such as http://127.0.0.1:PORT/credentials");
  if (url->scheme == "http" && !plain_http_allowed(url->host))
    throw CredentialError(endpoint.origin + " names host " + url->host +
                              " over plain http; awsx sends container credentials requests "
                              "over http only to " +
                              allowed_hosts_text,
                          "use an https URL, or one of those hosts");
  endpoint.authorization = authorization_from(env);
  return endpoint;
}

RetryPolicy container_retry_policy() {
  // Short, and the full wait (100 ms, then 200 ms): the agent sits on this host, so a blip
  // is over quickly or not at all.
  return {.max_attempts = 3,
          .base_delay = std::chrono::milliseconds(50),
          .max_delay = std::chrono::milliseconds(200),
          .jitter = [](long cap) { return cap; }};
}

Credentials fetch_container_credentials(HttpTransport& transport,
                                        const ContainerEndpoint& endpoint,
                                        const RetryPolicy& retry) {
  const auto request = request_for(endpoint);
  const std::string what = "container credential endpoint " + endpoint.url;
  const auto sent = send_with_retry(
      transport, [&] { return request; }, retry,
      [](const HttpResponse& response) {
        if (response.status == 200)
          return Verdict::done;
        return response.status >= 500 ? Verdict::retry : Verdict::fail;
      },
      what);
  const auto& response = sent.response;
  const auto note = attempts_note(sent.attempts);
  if (sent.verdict == Verdict::fail)
    refused(endpoint, response, note);
  if (sent.verdict == Verdict::retry)
    throw NetworkError(
        what + ": " + with_message("HTTP " + std::to_string(response.status), response.body) +
            note,
        "check that the endpoint is running and reachable from here");
  auto credentials = parse_container_credentials(response.body);
  if (!credentials)
    throw CredentialError(what + " sent an unusable answer: " + credentials.error(),
                          "check that " + endpoint.origin +
                              " names a container credential endpoint");
  return std::move(credentials).value();
}

util::Result<Credentials> parse_container_credentials(const std::string& body) {
  const auto object = util::FlatObject::parse_lenient(body);
  if (!object)
    return util::fail("the response is not a JSON object");
  if (auto code = object->string("Code"); code && *code != "Success") {
    auto message = object->string("Message");
    return util::fail("the endpoint answered Code \"" + printable(*code) + "\"" +
                      (message ? ": " + printable(*message) : ""));
  }
  Credentials credentials;
  for (auto [field, target] : {std::pair{"AccessKeyId", &credentials.access_key_id},
                               std::pair{"SecretAccessKey", &credentials.secret_access_key}}) {
    auto value = object->string(field);
    if (!value || value->empty())
      return util::fail(std::string("the response has no ") + field);
    *target = std::move(*value);
  }
  credentials.session_token = object->string("Token").value_or("");
  if (auto expiration = object->string("Expiration")) {
    credentials.expiration = util::parse_iso8601(*expiration);
    if (!credentials.expiration)
      return util::fail("Expiration \"" + printable(*expiration) +
                        "\" is not an ISO 8601 time");
  }
  return credentials;
}

} // namespace awsx::aws
