#include <gtest/gtest.h>

#include "awsx/aws/url.hpp"

using awsx::aws::parse_url;
using awsx::aws::redacted_url;

TEST(AwsUrl, parses_scheme_host_port_path_and_query) {
  const auto url = parse_url("HTTP://127.0.0.1:5000/v1/creds?x=1");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "127.0.0.1");
  EXPECT_EQ(url->port, 5000);
  EXPECT_EQ(url->path, "/v1/creds");
  EXPECT_EQ(url->query, "x=1");
}

TEST(AwsUrl, defaults_port_and_path) {
  const auto url = parse_url("https://sts.eu-west-1.amazonaws.com");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->path, "/");
}

TEST(AwsUrl, handles_ipv6_literals) {
  const auto url = parse_url("http://[fd00:ec2::23]:8080/");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "fd00:ec2::23");
  EXPECT_EQ(url->port, 8080);
}

TEST(AwsUrl, rejects_what_is_not_an_http_url) {
  EXPECT_FALSE(parse_url("sts.amazonaws.com"));
  EXPECT_FALSE(parse_url("ftp://host/"));
  EXPECT_FALSE(parse_url("http://:80/"));
  EXPECT_FALSE(parse_url("http://host:99999/"));
  EXPECT_FALSE(parse_url("http://host:12ab/"));
}

TEST(AwsUrl, redacted_url_hides_user_info_and_the_query) {
  EXPECT_EQ(redacted_url("https://user:pa55@proxy.example:8443/sts?X-Amz-Security-Token=t"),
            "https://***@proxy.example:8443/sts?***");
  EXPECT_EQ(redacted_url("http://127.0.0.1:9/"), "http://127.0.0.1:9/");
  EXPECT_EQ(redacted_url("ftp://a:b@host/x"), "ftp://***@host/x");
  // Without a scheme, whatever comes before an @ may still be a password.
  EXPECT_EQ(redacted_url("user:pw@host"), "***@host");
}
