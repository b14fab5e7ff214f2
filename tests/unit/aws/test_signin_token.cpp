#include <gtest/gtest.h>

#include "awsx/aws/signin_token.hpp"
#include "awsx/util/error.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

struct SigninTokenTest : ::testing::Test {
  FakeTransport transport;
  aws::ServiceEndpoint endpoint{*aws::parse_url("https://signin.aws.amazon.com/federation"), "",
                                "test"};
  aws::RetryPolicy retry{3, std::chrono::milliseconds(1), std::chrono::milliseconds(1),
                         [](std::chrono::milliseconds) {}};
  aws::Credentials keys{"ASIAKEY", "se\"cret/+", "tok=en", {}};

  std::string get(std::optional<int> seconds) {
    return aws::get_signin_token(transport, endpoint, keys, seconds, "getSigninToken", retry);
  }
};

} // namespace

TEST_F(SigninTokenTest, session_json_carries_the_three_keys_escaped) {
  EXPECT_EQ(aws::federation_session_json(keys),
            R"({"sessionId":"ASIAKEY","sessionKey":"se\"cret/+","sessionToken":"tok=en"})");
  EXPECT_EQ(
      aws::signin_token_body(keys, 3600)
          .rfind("Action=getSigninToken&SessionDuration=3600&Session=%7B%22sessionId%22", 0),
      0u);
  EXPECT_EQ(aws::signin_token_body(keys, std::nullopt).find("SessionDuration"),
            std::string::npos);
}

TEST_F(SigninTokenTest, returns_the_token_after_retrying_a_5xx) {
  transport.answer(503, "busy");
  transport.answer(200, R"({"SigninToken":"abc"})");
  EXPECT_EQ(get(std::nullopt), "abc");
  ASSERT_EQ(transport.requests.size(), 2u);
  EXPECT_EQ(transport.requests[0].method, "POST");
  EXPECT_EQ(transport.requests[0].header("Content-Type"),
            "application/x-www-form-urlencoded; charset=utf-8");
}

TEST_F(SigninTokenTest, an_answer_without_a_token_is_a_network_error) {
  transport.answer(200, "<html>captive portal</html>");
  EXPECT_THROW(get(std::nullopt), NetworkError);
}

TEST_F(SigninTokenTest, a_refusal_names_the_status_and_hints_by_session_duration) {
  transport.answer(400, "se\"cret/+");
  try {
    get(43200);
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "getSigninToken at https://signin.aws.amazon.com/federation: refused with HTTP 400");
    EXPECT_NE(e.hint().find("SessionDuration"), std::string::npos) << e.hint();
  }
  transport.answer(400, "");
  try {
    get(std::nullopt);
    FAIL() << "expected ServiceError";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.hint().find("SessionDuration"), std::string::npos) << e.hint();
    EXPECT_NE(e.hint().find("awsx clear"), std::string::npos) << e.hint();
  }
}
