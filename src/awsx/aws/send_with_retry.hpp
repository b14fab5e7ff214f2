#pragma once

#include <functional>
#include <string>

#include "awsx/aws/http_types.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"

namespace awsx::aws {

// What a client makes of one HTTP answer.
enum class Verdict {
  done,  // the answer to use
  retry, // transient (throttling, 5xx): worth another attempt while attempts remain
  fail,  // final: another attempt would get the same answer
};

// Judges one `response` of a retried call.
using Classify = std::function<Verdict(const HttpResponse& response)>;

// The answer a retried call ended with and how many attempts it took; `verdict` is retry
// when the attempts ran out on a transient answer.
struct Sent {
  HttpResponse response;
  Verdict verdict = Verdict::done;
  int attempts = 1;
};

// Sends `request()`, built anew for each attempt (STS signs each one), through `transport`
// up to `policy`.max_attempts times, pausing per `policy` before each retry, while
// `classify` says retry or the transport throws a NetworkError. A PermanentNetworkError
// (untrusted certificate, failed TLS handshake, a proxy that refuses) ends it at once.
// A network failure is rethrown with its type and hint as "`what`: <failure>" plus
// attempts_note.
Sent send_with_retry(HttpTransport& transport, const std::function<HttpRequest()>& request,
                     const RetryPolicy& policy, const Classify& classify,
                     const std::string& what);

// " (after `attempts` attempts)", or nothing for a single attempt: the end of every
// failure message of a retried call.
std::string attempts_note(int attempts);

// The SDKs' rule for AWS APIs: HTTP 2xx is done; 5xx, 429 and a throttling or transient
// error code (e.g. Throttling, RequestLimitExceeded) retry; the rest fail. `error_code`
// reads the code of a failed answer ("" for none) and is not called for a 2xx.
Classify aws_classify(std::function<std::string(const HttpResponse&)> error_code);

} // namespace awsx::aws
