#include <gtest/gtest.h>

#include <memory>

#include "awsx/aws/send_with_retry.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using aws::Verdict;
using awsx::test::FakeTransport;
using std::chrono::milliseconds;

namespace {

// 2xx done, 5xx retry, anything else fail: enough to drive the loop.
Verdict by_status(const aws::HttpResponse& response) {
  if (response.status / 100 == 2)
    return Verdict::done;
  return response.status >= 500 ? Verdict::retry : Verdict::fail;
}

// Checks the `verdict`, the `attempts` and the final answer's `body` that `sent` reports.
void expect_sent(const aws::Sent& sent, Verdict verdict, int attempts,
                 const std::string& body) {
  EXPECT_EQ(sent.verdict, verdict);
  EXPECT_EQ(sent.attempts, attempts);
  EXPECT_EQ(sent.response.body, body);
}

struct SendWithRetryTest : ::testing::Test {
  FakeTransport transport;
  std::vector<milliseconds> sleeps;
  std::vector<long> caps; // what the jitter source was offered
  int built = 0;          // requests built, one per attempt
  aws::RetryPolicy policy{.max_attempts = 3,
                          .base_delay = milliseconds(100),
                          .max_delay = milliseconds(1000),
                          .sleep = [this](milliseconds d) { sleeps.push_back(d); },
                          .jitter =
                              [this](long cap) {
                                caps.push_back(cap);
                                return cap;
                              }};

  aws::Sent send(const aws::Classify& classify = by_status) {
    return aws::send_with_retry(
        transport,
        [this] {
          aws::HttpRequest request;
          request.host = "127.0.0.1";
          request.headers = {{"X-Attempt", std::to_string(++built)}};
          return request;
        },
        policy, classify, "test Call for profile p");
  }
};

} // namespace

TEST_F(SendWithRetryTest, a_good_or_a_failed_answer_is_returned_at_once) {
  for (const auto& [status, verdict] :
       {std::pair{200, Verdict::done}, std::pair{403, Verdict::fail}}) {
    transport.responses.clear();
    transport.answer(status, "first");
    transport.answer(200, "never asked");
    expect_sent(send(), verdict, 1, "first");
  }
  EXPECT_EQ(transport.requests.size(), 2u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(SendWithRetryTest, transient_answers_are_retried_and_attempts_counted) {
  transport.answer(503, "busy");
  transport.answer(500, "busy");
  transport.answer(200, "ok");
  expect_sent(send(), Verdict::done, 3, "ok");
  ASSERT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(200), milliseconds(400)}));
}

TEST_F(SendWithRetryTest, each_attempt_gets_a_freshly_built_request) {
  transport.answer(503, "");
  transport.answer(200, "");
  send();
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(transport.requests[0].header("X-Attempt"), "1");
  EXPECT_EQ(transport.requests[1].header("X-Attempt"), "2");
}

TEST_F(SendWithRetryTest, out_of_attempts_returns_the_last_transient_answer) {
  for (int i = 1; i <= 4; ++i)
    transport.answer(503, "busy " + std::to_string(i));
  expect_sent(send(), Verdict::retry, 3, "busy 3");
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps.size(), 2u) << "no pause after the last attempt";
}

TEST_F(SendWithRetryTest, a_failed_answer_after_retries_keeps_the_count) {
  transport.answer(502, "");
  transport.answer(404, "gone");
  const auto sent = send();
  EXPECT_EQ(sent.verdict, Verdict::fail);
  EXPECT_EQ(sent.attempts, 2);
  EXPECT_EQ(aws::attempts_note(sent.attempts), " (after 2 attempts)");
}

TEST_F(SendWithRetryTest, network_failures_are_retried) {
  transport.answer(0, "");
  transport.answer(0, "");
  transport.answer(200, "ok");
  EXPECT_EQ(send().attempts, 3);
  EXPECT_EQ(sleeps.size(), 2u);
}

TEST_F(SendWithRetryTest, last_network_failure_names_the_call_and_attempts_and_keeps_the_hint) {
  transport.fail_with(
      std::make_shared<NetworkError>("connection refused by http://x", "is it up?"), 3);
  try {
    send();
    FAIL() << "expected NetworkError";
  } catch (const aws::PermanentNetworkError&) {
    FAIL() << "a transient failure must stay transient";
  } catch (const NetworkError& e) {
    EXPECT_STREQ(e.what(),
                 "test Call for profile p: connection refused by http://x (after 3 attempts)");
    EXPECT_EQ(e.hint(), "is it up?");
    EXPECT_EQ(e.code(), ExitCode::network);
  }
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps.size(), 2u);
}

TEST_F(SendWithRetryTest, permanent_network_error_is_not_retried) {
  transport.fail_with(std::make_shared<aws::PermanentNetworkError>(
                          "TLS certificate verify failed for https://x", "set AWS_CA_BUNDLE"),
                      3);
  transport.answer(200, "never asked");
  try {
    send();
    FAIL() << "expected PermanentNetworkError";
  } catch (const aws::PermanentNetworkError& e) {
    EXPECT_STREQ(e.what(),
                 "test Call for profile p: TLS certificate verify failed for https://x");
    EXPECT_EQ(e.hint(), "set AWS_CA_BUNDLE");
  }
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(sleeps.empty());
}

TEST_F(SendWithRetryTest, permanent_error_after_a_transient_one_counts_both_attempts) {
  transport.fail_with(std::make_shared<NetworkError>("connection reset by https://x"), 1);
  transport.fail_with(std::make_shared<aws::PermanentNetworkError>("proxy refused"), 1);
  try {
    send();
    FAIL() << "expected PermanentNetworkError";
  } catch (const aws::PermanentNetworkError& e) {
    EXPECT_STREQ(e.what(), "test Call for profile p: proxy refused (after 2 attempts)");
  }
  EXPECT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(sleeps.size(), 1u);
}

TEST_F(SendWithRetryTest, delays_grow_exponentially_up_to_the_cap) {
  policy.max_attempts = 6;
  policy.base_delay = milliseconds(100);
  policy.max_delay = milliseconds(700);
  for (int i = 0; i < 6; ++i)
    transport.answer(500, "");
  EXPECT_EQ(send().attempts, 6);
  EXPECT_EQ(caps, (std::vector<long>{200, 400, 700, 700, 700}));
  EXPECT_EQ(sleeps.size(), 5u);
}

TEST_F(SendWithRetryTest, the_jitter_source_picks_the_wait_within_zero_and_the_cap) {
  policy.jitter = [n = 0](long cap) mutable { return ++n == 1 ? -5 : cap * 10; };
  transport.answer(500, "");
  transport.answer(500, "");
  transport.answer(200, "");
  send();
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(0), milliseconds(400)}));
}

TEST_F(SendWithRetryTest, default_jitter_stays_within_the_cap) {
  policy.jitter = nullptr;
  policy.max_attempts = 40;
  for (int i = 0; i < 40; ++i)
    transport.answer(500, "");
  send();
  ASSERT_EQ(sleeps.size(), 39u);
  for (std::size_t i = 0; i < sleeps.size(); ++i) {
    EXPECT_GE(sleeps[i].count(), 0);
    EXPECT_LE(sleeps[i], aws::backoff_cap(policy, static_cast<int>(i) + 1));
  }
}

TEST_F(SendWithRetryTest, one_attempt_means_no_retry_and_zero_is_taken_as_one) {
  for (const int attempts : {1, 0, -3}) {
    policy.max_attempts = attempts;
    transport.answer(503, "");
    const auto sent = send();
    EXPECT_EQ(sent.attempts, 1) << attempts;
    EXPECT_EQ(sent.verdict, Verdict::retry) << attempts;
  }
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_TRUE(sleeps.empty());
}

TEST(SendWithRetry, backoff_cap_doubles_from_the_base_and_never_overflows) {
  const aws::RetryPolicy policy{.base_delay = milliseconds(250),
                                .max_delay = milliseconds(5000)};
  EXPECT_EQ(aws::backoff_cap(policy, 1), milliseconds(500));
  EXPECT_EQ(aws::backoff_cap(policy, 2), milliseconds(1000));
  EXPECT_EQ(aws::backoff_cap(policy, 4), milliseconds(4000));
  EXPECT_EQ(aws::backoff_cap(policy, 5), milliseconds(5000));
  EXPECT_EQ(aws::backoff_cap(policy, 64), milliseconds(5000));
  EXPECT_EQ(aws::backoff_cap(policy, 1000), milliseconds(5000));
}

TEST(SendWithRetry, attempts_note_is_empty_for_a_single_attempt) {
  EXPECT_EQ(aws::attempts_note(1), "");
  EXPECT_EQ(aws::attempts_note(0), "");
  EXPECT_EQ(aws::attempts_note(3), " (after 3 attempts)");
}

TEST(SendWithRetry, aws_classify_retries_5xx_429_and_throttling_codes) {
  std::string code;
  int asked = 0;
  const auto classify = aws::aws_classify([&](const aws::HttpResponse&) {
    ++asked;
    return code;
  });
  const auto verdict = [&](int status, std::string with_code) {
    code = std::move(with_code);
    return classify(aws::HttpResponse{status, {}, ""});
  };
  EXPECT_EQ(verdict(200, ""), Verdict::done);
  EXPECT_EQ(verdict(204, "Throttling"), Verdict::done);
  EXPECT_EQ(asked, 0) << "a good answer's body is not searched for an error";
  for (const int status : {500, 502, 503, 504, 429})
    EXPECT_EQ(verdict(status, ""), Verdict::retry) << status;
  for (const char* transient :
       {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException",
        "IDPCommunicationError", "RequestTimeout", "InternalError", "ServiceUnavailable"})
    EXPECT_EQ(verdict(400, transient), Verdict::retry) << transient;
  for (const char* final_code : {"AccessDenied", "ExpiredToken", "throttling", ""})
    EXPECT_EQ(verdict(400, final_code), Verdict::fail) << final_code;
  EXPECT_EQ(verdict(403, "UnauthorizedException"), Verdict::fail);
  EXPECT_EQ(verdict(301, ""), Verdict::fail);
}
