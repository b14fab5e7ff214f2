#include "awsx/aws/send_with_retry.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "awsx/util/error.hpp"

namespace awsx::aws {

std::string attempts_note(int attempts) {
  return attempts <= 1 ? "" : " (after " + std::to_string(attempts) + " attempts)";
}

Classify aws_classify(std::function<std::string(const HttpResponse&)> error_code) {
  // Throttling and passing faults as STS and the SSO portal name them: botocore's standard
  // mode retries these (IDPCommunicationError for STS only), plus two older server codes.
  static constexpr std::array<std::string_view, 8> transient_codes{"Throttling",
                                                                   "ThrottlingException",
                                                                   "RequestLimitExceeded",
                                                                   "TooManyRequestsException",
                                                                   "IDPCommunicationError",
                                                                   "RequestTimeout",
                                                                   "InternalError",
                                                                   "ServiceUnavailable"};
  return [error_code = std::move(error_code)](const HttpResponse& response) {
    const int status = response.status;
    if (status >= 200 && status < 300)
      return Verdict::done;
    if (status >= 500 || status == 429)
      return Verdict::retry;
    const auto code = error_code(response);
    return std::find(transient_codes.begin(), transient_codes.end(), code) !=
                   transient_codes.end()
               ? Verdict::retry
               : Verdict::fail;
  };
}

Sent send_with_retry(HttpTransport& transport, const std::function<HttpRequest()>& request,
                     const RetryPolicy& policy, const Classify& classify,
                     const std::string& what) {
  const int max_attempts = std::max(1, policy.max_attempts);
  for (int n = 1;; ++n) {
    const bool last = n >= max_attempts;
    Sent sent;
    sent.attempts = n;
    try {
      sent.response = transport.send(request());
    } catch (const PermanentNetworkError& e) {
      throw PermanentNetworkError(what + ": " + e.what() + attempts_note(n), e.hint());
    } catch (const NetworkError& e) {
      if (last)
        throw NetworkError(what + ": " + e.what() + attempts_note(n), e.hint());
      pause_before_retry(policy, n);
      continue;
    }
    sent.verdict = classify(sent.response);
    if (sent.verdict != Verdict::retry || last)
      return sent;
    pause_before_retry(policy, n);
  }
}

} // namespace awsx::aws
