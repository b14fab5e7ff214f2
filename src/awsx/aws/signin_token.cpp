#include "awsx/aws/signin_token.hpp"

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

HttpRequest request_for(const ServiceEndpoint& endpoint, const std::string& body) {
  // A POST: the keys go in the body, never in a URL a proxy may log.
  HttpRequest request = form_post(endpoint.url, body);
  request.query = endpoint.url.query;
  request.headers.emplace_back("Accept", "application/json");
  return request;
}

// What to do about a refusal with HTTP `status`; `with_duration` says SessionDuration
// was sent.
std::string hint_for(int status, bool with_duration) {
  if (status == 400 && with_duration)
    return "the endpoint refuses SessionDuration for a chained role session, and awsx sends "
           "it only for a role assumed directly with long-term keys; `awsx doctor` for the "
           "profile shows how its role is assumed, and `awsx clear` drops a stale session";
  if (status == 400 || status == 401 || status == 403)
    return "the session's keys were refused: they may have expired or been revoked; run "
           "`awsx clear` for the profile and try again";
  return "try again later; AWSX_FEDERATION_ENDPOINT, when set, must point at a federation "
         "endpoint";
}

} // namespace

std::string federation_session_json(const Credentials& credentials) {
  util::FlatObject session;
  session.set("sessionId", credentials.access_key_id);
  session.set("sessionKey", credentials.secret_access_key);
  session.set("sessionToken", credentials.session_token);
  return session.dump();
}

std::string signin_token_body(const Credentials& credentials, std::optional<int> seconds) {
  std::string body = "Action=getSigninToken";
  if (seconds)
    body += "&SessionDuration=" + std::to_string(*seconds);
  return body + "&Session=" + util::uri_encode(federation_session_json(credentials));
}

std::string get_signin_token(HttpTransport& transport, const ServiceEndpoint& endpoint,
                             const Credentials& credentials, std::optional<int> seconds,
                             const std::string& what, const RetryPolicy& retry) {
  const auto body = signin_token_body(credentials, seconds);
  auto sent = send_with_retry(
      transport, [&] { return request_for(endpoint, body); }, retry,
      aws_classify([](const HttpResponse&) { return std::string(); }), what);
  const auto where = what + " at " + endpoint.text() + endpoint.url.path;
  const auto note = attempts_note(sent.attempts);
  if (sent.verdict != Verdict::done) {
    // The body is not shown: an endpoint may echo the request, and so the keys.
    const auto status = sent.response.status;
    throw ServiceError(where + ": refused with HTTP " + std::to_string(status) + note,
                       "HTTP " + std::to_string(status), hint_for(status, seconds.has_value()));
  }
  const auto answer = util::FlatObject::parse_lenient(sent.response.body);
  const auto token = answer ? answer->string("SigninToken") : std::nullopt;
  if (!token || token->empty())
    throw NetworkError(where + ": the answer has no SigninToken" + note,
                       "is " + endpoint.origin +
                           " a federation endpoint? A captive portal or "
                           "a proxy may be answering instead");
  return *token;
}

} // namespace awsx::aws
