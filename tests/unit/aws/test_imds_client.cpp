#include <gtest/gtest.h>

#include "awsx/aws/imds_client.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;

namespace {

const std::string role_body =
    R"({"Code":"Success","LastUpdated":"2026-11-22T09:40:50Z","Type":"AWS-HMAC",)"
    R"("AccessKeyId":"ASIAINSTANCE","SecretAccessKey":"instance/secret",)"
    R"("Token":"INSTANCETOKEN","Expiration":"2026-11-22T15:40:50Z"})";

} // namespace

TEST(ImdsClient, gets_a_session_token_then_the_role_then_its_credentials) {
  FakeTransport transport;
  transport.answer(200, "IMDS-SESSION-TOKEN");
  transport.answer(200, "web-server-role\n");
  transport.answer(200, role_body);
  const auto creds = aws::fetch_instance_credentials(transport, util::MapEnvironment{});

  ASSERT_EQ(transport.requests.size(), 3u);
  const auto& put = transport.requests[0];
  EXPECT_EQ(put.method, "PUT");
  EXPECT_EQ(put.scheme, "http");
  EXPECT_EQ(put.host, "169.254.169.254");
  EXPECT_EQ(put.port, 80);
  EXPECT_EQ(put.path, "/latest/api/token");
  EXPECT_EQ(put.header("X-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(put.header("X-aws-ec2-metadata-token"), "");

  const auto& list = transport.requests[1];
  EXPECT_EQ(list.method, "GET");
  EXPECT_EQ(list.path, "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(list.header("X-aws-ec2-metadata-token"), "IMDS-SESSION-TOKEN");

  const auto& role = transport.requests[2];
  EXPECT_EQ(role.method, "GET");
  EXPECT_EQ(role.path, "/latest/meta-data/iam/security-credentials/web-server-role");
  EXPECT_EQ(role.header("X-aws-ec2-metadata-token"), "IMDS-SESSION-TOKEN");

  EXPECT_EQ(creds.access_key_id, "ASIAINSTANCE");
  EXPECT_EQ(creds.secret_access_key, "instance/secret");
  EXPECT_EQ(creds.session_token, "INSTANCETOKEN");
  EXPECT_EQ(creds.expiration, util::parse_iso8601("2026-11-22T15:40:50Z"));
}

TEST(ImdsClient, endpoint_variable_moves_every_request) {
  FakeTransport transport;
  transport.answer(200, "t");
  transport.answer(200, "r");
  transport.answer(200, role_body);
  aws::fetch_instance_credentials(
      transport,
      util::MapEnvironment{{"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"}});
  ASSERT_EQ(transport.requests.size(), 3u);
  for (const auto& request : transport.requests) {
    EXPECT_EQ(request.host, "127.0.0.1");
    EXPECT_EQ(request.port, 1338);
  }
  EXPECT_EQ(transport.requests[0].path, "/latest/api/token");
  EXPECT_EQ(transport.requests[2].path, "/latest/meta-data/iam/security-credentials/r");
}

TEST(ImdsClient, ipv6_mode_uses_the_ipv6_endpoint) {
  FakeTransport transport;
  transport.answer(0, "");
  EXPECT_THROW(
      aws::fetch_instance_credentials(
          transport, util::MapEnvironment{{"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}}),
      NetworkError);
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].host, "fd00:ec2::254");
}

TEST(ImdsClient, disabled_refuses_before_any_request) {
  for (const char* value : {"true", "TRUE"}) {
    FakeTransport transport;
    try {
      aws::fetch_instance_credentials(
          transport, util::MapEnvironment{{"AWS_EC2_METADATA_DISABLED", value}});
      ADD_FAILURE() << "expected CredentialError";
    } catch (const CredentialError& e) {
      EXPECT_NE(std::string(e.what()).find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
    }
    EXPECT_TRUE(transport.requests.empty());
  }
}

TEST(ImdsClient, no_role_attached_is_a_credential_error) {
  FakeTransport transport;
  transport.answer(200, "t");
  transport.answer(404, "");
  try {
    aws::fetch_instance_credentials(transport, util::MapEnvironment{});
    FAIL() << "expected CredentialError";
  } catch (const CredentialError& e) {
    EXPECT_STREQ(e.what(), "no IAM role is attached to this instance");
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST(ImdsClient, unreachable_service_is_a_network_error_with_a_hint) {
  FakeTransport transport;
  transport.answer(0, "");
  try {
    aws::fetch_instance_credentials(transport, util::MapEnvironment{});
    FAIL() << "expected NetworkError";
  } catch (const NetworkError& e) {
    EXPECT_NE(std::string(e.what()).find("http://169.254.169.254"), std::string::npos);
    EXPECT_NE(e.hint().find("credential_source"), std::string::npos);
  }
}

TEST(ImdsClient, imdsv1_only_service_is_used_without_a_token_as_botocore_does) {
  FakeTransport transport;
  transport.answer(405, "");
  transport.answer(200, "r");
  transport.answer(200, role_body);
  aws::fetch_instance_credentials(transport, util::MapEnvironment{});
  ASSERT_EQ(transport.requests.size(), 3u);
  for (const auto& header : transport.requests[1].headers)
    EXPECT_NE(header.first, "X-aws-ec2-metadata-token");
}

TEST(ImdsClient, error_code_in_the_credentials_is_named_without_secrets) {
  FakeTransport transport;
  transport.answer(200, "t");
  transport.answer(200, "r");
  transport.answer(
      200, R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"EC2 cannot assume the role r",)"
           R"("LastUpdated":"2026-11-22T09:40:50Z"})");
  try {
    aws::fetch_instance_credentials(transport, util::MapEnvironment{});
    FAIL() << "expected CredentialError";
  } catch (const CredentialError& e) {
    EXPECT_NE(std::string(e.what()).find("AssumeRoleUnauthorizedAccess"), std::string::npos)
        << e.what();
  }
}

TEST(ImdsClient, role_name_that_could_change_the_path_is_refused) {
  FakeTransport transport;
  transport.answer(200, "t");
  transport.answer(200, "../../user-data");
  EXPECT_THROW(aws::fetch_instance_credentials(transport, util::MapEnvironment{}),
               CredentialError);
  EXPECT_EQ(transport.requests.size(), 2u);
}

// botocore waits 1 s for the metadata service by default (AWS_METADATA_SERVICE_TIMEOUT),
// so an exec off EC2 is not held up by the transport's longer STS timeouts.
TEST(ImdsClient, every_request_is_capped_at_the_metadata_service_timeout) {
  for (const auto& [env, expected] :
       std::vector<std::pair<util::MapEnvironment, std::chrono::milliseconds>>{
           {util::MapEnvironment{}, std::chrono::seconds(1)},
           {util::MapEnvironment{{"AWS_METADATA_SERVICE_TIMEOUT", "3"}}, std::chrono::seconds(3)}}) {
    FakeTransport transport;
    transport.answer(200, "IMDS-SESSION-TOKEN");
    transport.answer(200, "web-server-role\n");
    transport.answer(200, role_body);
    aws::fetch_instance_credentials(transport, env);
    ASSERT_EQ(transport.requests.size(), 3u);
    for (const auto& request : transport.requests)
      EXPECT_EQ(request.timeout, expected) << request.path;
  }
  FakeTransport transport;
  EXPECT_THROW(aws::fetch_instance_credentials(
                   transport, util::MapEnvironment{{"AWS_METADATA_SERVICE_TIMEOUT", "soon"}}),
               UsageError);
  EXPECT_TRUE(transport.requests.empty());
}
