#include "awsx/aws/query_request.hpp"

#include <cctype>

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/aws/service_text.hpp"
#include "awsx/aws/sigv4.hpp"
#include "awsx/aws/sts_xml.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::aws {

namespace {

std::string upper(std::string text) {
  for (auto& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

} // namespace

std::string query_body(const std::string& action, const std::string& version,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  std::string body = "Action=" + util::uri_encode(action) + "&Version=" + version;
  for (const auto& [key, value] : params)
    body += "&" + util::uri_encode(key) + "=" + util::uri_encode(value);
  return body;
}

HttpRequest query_request(const ServiceEndpoint& endpoint, const std::string& service,
                          const std::string& body, const Credentials* caller,
                          util::TimePoint now) {
  HttpRequest request = form_post(endpoint.url, body);
  if (caller != nullptr)
    sign(request, *caller, SigningScope{endpoint.region, service, now});
  return request;
}

std::string send_query(HttpTransport& transport, const util::Clock& clock,
                       const RetryPolicy& retry, const QueryCall& call, const std::string& body,
                       const Credentials* caller) {
  auto sent = send_with_retry(
      transport,
      [&] { return query_request(call.endpoint, call.service, body, caller, clock.now()); },
      retry, aws_classify([](const HttpResponse& response) {
        const auto fault = parse_service_fault(response.body);
        return fault ? fault->code : std::string();
      }),
      call.what);
  if (sent.verdict == Verdict::done)
    return std::move(sent.response.body);
  const auto note = attempts_note(sent.attempts);
  if (const auto fault = parse_service_fault(sent.response.body)) {
    const auto code = printable_service_text(fault->code, call.secrets);
    throw ServiceError(call.what + ": " + code + ": " +
                           printable_service_text(fault->message, call.secrets) + note,
                       code);
  }
  throw NetworkError(call.what + ": HTTP " + std::to_string(sent.response.status) + " from " +
                         call.endpoint.text() + " without an AWS error document" + note,
                     "is " + call.endpoint.origin + " pointing at " + upper(call.service) +
                         "?");
}

} // namespace awsx::aws
