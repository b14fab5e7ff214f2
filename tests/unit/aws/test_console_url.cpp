#include <gtest/gtest.h>

#include "awsx/aws/console_url.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

TEST(ConsoleUrl, each_partition_has_its_signin_and_console_hosts) {
  EXPECT_EQ(aws::console_hosts("eu-west-1").signin, "signin.aws.amazon.com");
  EXPECT_EQ(aws::console_hosts("").console, "console.aws.amazon.com");
  EXPECT_EQ(aws::console_hosts("cn-northwest-1").signin, "signin.amazonaws.cn");
  EXPECT_EQ(aws::console_hosts("cn-north-1").console, "console.amazonaws.cn");
  EXPECT_EQ(aws::console_hosts("us-gov-west-1").signin, "signin.amazonaws-us-gov.com");
  EXPECT_EQ(aws::console_hosts("us-gov-east-1").console, "console.amazonaws-us-gov.com");
  EXPECT_EQ(aws::console_hosts("us-east-1").signin, "signin.aws.amazon.com");
}

TEST(ConsoleUrl, destination_is_the_regional_console_home) {
  EXPECT_EQ(aws::console_destination("eu-west-1", ""),
            "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1");
  EXPECT_EQ(
      aws::console_destination("us-gov-west-1", ""),
      "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1");
  EXPECT_EQ(aws::console_destination("cn-north-1", ""),
            "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1");
}

TEST(ConsoleUrl, a_region_that_is_not_one_never_becomes_part_of_the_host) {
  EXPECT_THROW(aws::console_destination("x@127.0.0.1:8443/", ""), ConfigError);
  EXPECT_THROW(aws::console_destination("eu-west-1.evil.example#", "s3"), ConfigError);
}

TEST(ConsoleUrl, path_works_with_and_without_a_region) {
  EXPECT_EQ(aws::console_destination("", "s3/buckets"),
            "https://console.aws.amazon.com/s3/buckets");
  EXPECT_EQ(aws::console_destination("", "//iam/home#/users"),
            "https://console.aws.amazon.com/iam/home#/users");
  EXPECT_EQ(aws::console_destination("eu-west-1", "/ec2/home"),
            "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1");
  EXPECT_EQ(aws::console_destination("eu-west-1", "ec2/home?x=1"),
            "https://eu-west-1.console.aws.amazon.com/ec2/home?x=1&region=eu-west-1");
  EXPECT_EQ(aws::console_destination("", ""), "https://console.aws.amazon.com/console/home");
}

TEST(ConsoleUrl, path_that_is_a_url_or_has_spaces_is_refused) {
  EXPECT_THROW(aws::console_destination("", "https://evil.example/"), UsageError);
  EXPECT_THROW(aws::console_destination("", "s3/my bucket"), UsageError);
  EXPECT_THROW(aws::console_destination("", "s3\n"), UsageError);
}

TEST(ConsoleUrl, federation_endpoint_is_the_partitions_or_the_override) {
  util::MapEnvironment env;
  EXPECT_EQ(aws::federation_endpoint(env, "us-gov-west-1").text(),
            "https://signin.amazonaws-us-gov.com");
  EXPECT_EQ(aws::federation_endpoint(env, "").url.path, "/federation");
  env.set("AWSX_FEDERATION_ENDPOINT", "http://127.0.0.1:9/fed?tenant=a");
  const auto custom = aws::federation_endpoint(env, "cn-north-1");
  EXPECT_EQ(custom.text(), "http://127.0.0.1:9");
  EXPECT_EQ(custom.origin, "AWSX_FEDERATION_ENDPOINT");
  EXPECT_EQ(aws::login_url(custom, "https://console.aws.amazon.com/", "t k"),
            "http://127.0.0.1:9/fed?tenant=a&Action=login&Issuer=awsx&Destination="
            "https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=t%20k");
  env.set("AWSX_FEDERATION_ENDPOINT", "signin.example/federation");
  EXPECT_THROW(aws::federation_endpoint(env, ""), ConfigError);
}
