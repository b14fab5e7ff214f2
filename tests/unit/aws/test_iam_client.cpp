// The IAM client: where it sends, what it sends, and what it reads back.
#include <gtest/gtest.h>

#include "awsx/aws/iam_client.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "cli/rotate_fixture.hpp"

namespace awsx::test {

namespace {

struct IamClientTest : ::testing::Test {
  FakeTransport transport;
  util::FixedClock clock{std::chrono::system_clock::from_time_t(1767323045)};
  aws::IamClient iam{transport, clock,
                     aws::ServiceEndpoint{*aws::parse_url("http://127.0.0.1:5000"), "us-east-1",
                                          "AWS_ENDPOINT_URL_IAM"},
                     aws::RetryPolicy{1, {}, {}, [](std::chrono::milliseconds) {}, nullptr}};
  aws::Credentials keys{"AKIAEXAMPLE000000001", "the-secret-key", "", {}};
};

TEST(IamEndpoint, each_partition_has_its_global_endpoint) {
  util::MapEnvironment env;
  const auto aws = aws::resolve_iam_endpoint(env, "eu-west-1");
  EXPECT_EQ(aws.text(), "https://iam.amazonaws.com");
  EXPECT_EQ(aws.region, "us-east-1");
  EXPECT_EQ(aws::resolve_iam_endpoint(env, "").text(), "https://iam.amazonaws.com");
  const auto cn = aws::resolve_iam_endpoint(env, "cn-northwest-1");
  EXPECT_EQ(cn.text(), "https://iam.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(cn.region, "cn-north-1");
  const auto gov = aws::resolve_iam_endpoint(env, "us-gov-east-1");
  EXPECT_EQ(gov.text(), "https://iam.us-gov.amazonaws.com");
  EXPECT_EQ(gov.region, "us-gov-west-1");
  EXPECT_THROW(aws::resolve_iam_endpoint(env, "us-iso-east-1"), ConfigError);
}

TEST(IamEndpoint, environment_overrides_as_botocore_does) {
  util::MapEnvironment env;
  env.set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
  EXPECT_EQ(aws::resolve_iam_endpoint(env, "").origin, "AWS_ENDPOINT_URL");
  env.set("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:2");
  const auto chosen = aws::resolve_iam_endpoint(env, "us-gov-west-1");
  EXPECT_EQ(chosen.text(), "http://127.0.0.1:2");
  EXPECT_EQ(chosen.region, "us-gov-west-1");
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
  EXPECT_EQ(aws::resolve_iam_endpoint(env, "").text(), "https://iam.amazonaws.com");
  env.set("AWS_ENDPOINT_URL_IAM", "ftp://x");
  env.set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false");
  EXPECT_THROW(aws::resolve_iam_endpoint(env, ""), ConfigError);
}

TEST_F(IamClientTest, calls_are_query_api_posts_signed_for_iam) {
  transport.answer(200, list_keys_xml({"AKIAONE0000000000001", "AKIATWO0000000000002"}));
  const auto listed = iam.list_access_keys(keys, "alice");
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1].id, "AKIATWO0000000000002");
  EXPECT_EQ(listed[1].status, "Active");
  const auto& request = transport.requests.at(0);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.body, "Action=ListAccessKeys&Version=2010-05-08&UserName=alice");
  EXPECT_NE(request.header("Authorization")
                .find("Credential=AKIAEXAMPLE000000001/20260102/us-east-1/iam/aws4_request"),
            std::string::npos)
      << request.header("Authorization");
}

TEST_F(IamClientTest, reads_the_user_and_the_new_key) {
  transport.answer(200, get_user_xml());
  transport.answer(200, created_key_xml("AKIANEW0000000000002"));
  transport.answer(200, iam_xml("DeleteAccessKey", ""));
  EXPECT_EQ(iam.get_user(keys).name, "alice");
  const auto fresh = iam.create_access_key(keys, "");
  EXPECT_EQ(fresh.access_key_id, "AKIANEW0000000000002");
  EXPECT_EQ(fresh.secret_access_key, "new/secret+AKIANEW0000000000002");
  EXPECT_FALSE(fresh.temporary());
  iam.delete_access_key(keys, "alice", "AKIAOLD0000000000001");
  EXPECT_EQ(transport.requests[1].body, "Action=CreateAccessKey&Version=2010-05-08");
  EXPECT_EQ(transport.requests[2].body,
            "Action=DeleteAccessKey&Version=2010-05-08&UserName=alice"
            "&AccessKeyId=AKIAOLD0000000000001");
}

TEST_F(IamClientTest, errors_carry_the_code_and_never_the_secret) {
  transport.answer(403, "<ErrorResponse><Error><Code>AccessDenied</Code><Message>key "
                        "the-secret-key may not</Message></Error></ErrorResponse>");
  try {
    iam.get_user(keys);
    FAIL() << "no error";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.service_code(), "AccessDenied");
    EXPECT_EQ(std::string(e.what()), "iam GetUser: AccessDenied: key *** may not");
  }
}

TEST_F(IamClientTest, a_page_that_is_no_iam_answer_is_a_network_error) {
  transport.answer(200, "<html><title>Portal</title></html>");
  transport.answer(200, iam_xml("CreateAccessKey", "<AccessKey></AccessKey>"));
  try {
    iam.list_access_keys(keys, "");
    FAIL() << "no error";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("an HTML page"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("pointing at IAM"), std::string::npos) << e.hint();
  }
  EXPECT_THROW(iam.create_access_key(keys, ""), NetworkError);
}

} // namespace

} // namespace awsx::test
