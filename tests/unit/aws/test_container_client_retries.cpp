#include <gtest/gtest.h>

#include <chrono>
#include <memory>

#include "awsx/aws/container_client.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;
using std::chrono::milliseconds;

namespace {

// The container client under its own retry policy, with the pauses recorded, not slept.
struct ContainerRetries : ::testing::Test {
  FakeTransport transport;
  std::vector<milliseconds> sleeps;

  aws::Credentials fetch() {
    auto policy = aws::container_retry_policy();
    policy.sleep = [this](milliseconds d) { sleeps.push_back(d); };
    return aws::fetch_container_credentials(
        transport, {"http://127.0.0.1:4321/", "tok-123", "AWS_CONTAINER_CREDENTIALS_FULL_URI"},
        policy);
  }

  // The `E` that fetch() throws; a test failure if it throws none.
  template <class E> E failure() {
    try {
      fetch();
    } catch (const E& e) {
      return e;
    }
    ADD_FAILURE() << "fetch() did not throw";
    return E("");
  }

  const std::vector<milliseconds> full_pauses{milliseconds(100), milliseconds(200)};
};

} // namespace

TEST_F(ContainerRetries, server_errors_and_connection_failures_are_retried) {
  transport.answer(500, R"({"Message":"agent starting"})");
  transport.answer(0, "");
  transport.answer(200, R"({"AccessKeyId":"ASIACONTAINER","SecretAccessKey":"S"})");
  EXPECT_EQ(fetch().access_key_id, "ASIACONTAINER");
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps, full_pauses);
}

TEST_F(ContainerRetries, gives_up_after_three_attempts) {
  transport.answer(503, "");
  transport.answer(503, "");
  transport.answer(503, R"({"message":"still down"})");
  const auto e = failure<NetworkError>();
  EXPECT_STREQ(e.what(), "container credential endpoint http://127.0.0.1:4321/: HTTP 503 still "
                         "down (after 3 attempts)");
  EXPECT_EQ(e.hint(), "check that the endpoint is running and reachable from here");
  EXPECT_EQ(transport.requests.size(), 3u);
  EXPECT_EQ(sleeps, full_pauses);
}

TEST_F(ContainerRetries, last_network_failure_keeps_the_transport_hint) {
  transport.fail_with(std::make_shared<NetworkError>(
                          "connection refused by http://127.0.0.1:4321", "is the service up?"),
                      3);
  const auto e = failure<NetworkError>();
  EXPECT_STREQ(e.what(), "container credential endpoint http://127.0.0.1:4321/: connection "
                         "refused by http://127.0.0.1:4321 (after 3 attempts)");
  EXPECT_EQ(e.hint(), "is the service up?");
  EXPECT_EQ(sleeps, full_pauses);
}

TEST_F(ContainerRetries, refusal_after_a_server_error_says_how_many_attempts) {
  transport.answer(502, "");
  transport.answer(401, "");
  EXPECT_STREQ(failure<CredentialError>().what(),
               "container credential endpoint http://127.0.0.1:4321/ refused the request: HTTP "
               "401 (after 2 attempts)");
  EXPECT_EQ(transport.requests.size(), 2u);
}

// A refused TLS handshake or an untrusted certificate fails the same way every time:
// retrying only delays the error and loses its type and hint.
TEST_F(ContainerRetries, permanent_network_error_is_not_retried) {
  transport.fail_with(
      std::make_shared<aws::PermanentNetworkError>(
          "TLS handshake with https://127.0.0.1:4321 failed: wrong version number",
          "is the endpoint really https, on the right port?"),
      3);
  const auto e = failure<aws::PermanentNetworkError>();
  EXPECT_STREQ(e.what(), "container credential endpoint http://127.0.0.1:4321/: TLS handshake "
                         "with https://127.0.0.1:4321 failed: wrong version number");
  EXPECT_EQ(e.hint(), "is the endpoint really https, on the right port?");
  EXPECT_EQ(transport.requests.size(), 1u);
  EXPECT_TRUE(sleeps.empty());
}
