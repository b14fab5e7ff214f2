#include <gtest/gtest.h>

#include "awsx/aws/sts_xml.hpp"
#include "support/fakes.hpp"

using namespace awsx;

TEST(AwsStsXml, reads_credentials_and_expiry) {
  const auto creds = aws::parse_sts_credentials(
      test::sts_credentials_xml("AssumeRole", "ASIAX", "2026-01-02T03:04:05Z"), "AssumeRole");
  ASSERT_TRUE(creds) << creds.error();
  EXPECT_EQ(creds->access_key_id, "ASIAX");
  EXPECT_EQ(creds->secret_access_key, "secret/ASIAX");
  EXPECT_EQ(*creds->expiration, std::chrono::system_clock::from_time_t(1767323045));
}

TEST(AwsStsXml, truncated_or_incomplete_documents_fail_clearly) {
  const auto full = test::sts_credentials_xml("AssumeRole", "ASIAX");
  EXPECT_FALSE(aws::parse_sts_credentials(full.substr(0, full.size() / 2), "AssumeRole"));
  const auto missing = aws::parse_sts_credentials(
      "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>"
      "</Credentials></AssumeRoleResult></AssumeRoleResponse>",
      "AssumeRole");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("no complete <Credentials>"), std::string::npos);
}

TEST(AwsStsXml, external_entities_are_not_resolved) {
  const auto body = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    "<ErrorResponse><Error><Code>&x;</Code><Message>m</Message></Error></ErrorResponse>";
  const auto fault = aws::parse_service_fault(body);
  if (fault) {
    EXPECT_EQ(fault->code.find("root:"), std::string::npos);
  }
}

TEST(AwsStsXml, error_documents_give_code_and_message) {
  const auto fault = aws::parse_service_fault(test::sts_error_xml("AccessDenied", "nope"));
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->code, "AccessDenied");
  EXPECT_EQ(fault->message, "nope");
  EXPECT_FALSE(aws::parse_service_fault("not xml"));
}
