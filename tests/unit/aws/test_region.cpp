#include <gtest/gtest.h>

#include "awsx/aws/region.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

TEST(AwsRegion, accepts_what_botocore_accepts) {
  for (const char* region :
       {"eu-west-1", "us-gov-west-1", "cn-north-1", "EU-West-1", "a", "1a", "a1", "x-1-y",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabc"})
    EXPECT_TRUE(aws::valid_region_name(region)) << region;
}

TEST(AwsRegion, refuses_anything_that_could_change_the_host) {
  for (const char* region :
       {"", "x@127.0.0.1:8443/", "eu-west-1.evil.example", "eu west 1", "eu-west-1/", "-eu",
        "eu-", "123", "0", "eu_west_1", "eu-west-1\n", "\xc3\xa9u-west-1", "a:1", "a?b", "a#b",
        "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcd"})
    EXPECT_FALSE(aws::valid_region_name(region)) << region;
}

TEST(AwsRegion, check_names_the_origin_and_escapes_the_value) {
  try {
    aws::check_region_name("x@127.0.0.1:1/\x1b[2J", "AWS_REGION");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("from AWS_REGION"), std::string::npos) << what;
    EXPECT_NE(what.find("x@127.0.0.1:1/\\x1b[2J"), std::string::npos) << what;
    EXPECT_EQ(what.find('\x1b'), std::string::npos) << "control bytes reach the terminal";
    EXPECT_EQ(e.code(), ExitCode::config);
  }
}

TEST(AwsRegion, partition_dns_suffix) {
  EXPECT_EQ(aws::dns_suffix("cn-north-1"), "amazonaws.com.cn");
  EXPECT_EQ(aws::dns_suffix("eusc-de-east-1"), "amazonaws.eu");
  EXPECT_EQ(aws::dns_suffix("us-gov-west-1"), "amazonaws.com");
}
