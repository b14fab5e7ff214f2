#include <gtest/gtest.h>

#include "awsx/aws/endpoint.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

config::ConfigFiles files_with(const std::string& text) {
  return config::build(text, "/cfg", "", "/creds");
}

} // namespace

TEST(AwsEndpoint, regional_endpoint_with_us_east_1_fallback) {
  util::MapEnvironment env;
  EXPECT_EQ(aws::resolve_sts_endpoint(env, nullptr, nullptr, "eu-west-2").text(),
            "https://sts.eu-west-2.amazonaws.com");
  const auto fallback = aws::resolve_sts_endpoint(env, nullptr, nullptr, "");
  EXPECT_EQ(fallback.text(), "https://sts.us-east-1.amazonaws.com");
  EXPECT_EQ(fallback.region, "us-east-1");
}

TEST(AwsEndpoint, precedence_is_service_env_then_global_env_then_services_then_profile) {
  const auto files = files_with("[profile p]\nendpoint_url = http://127.0.0.4:4\nservices = s\n"
                                "[services s]\nsts =\n  endpoint_url = http://127.0.0.3:3\n");
  const auto* p = files.profile("p");
  ASSERT_NE(p, nullptr);
  util::MapEnvironment env({{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1"},
                            {"AWS_ENDPOINT_URL", "http://127.0.0.2:2"}});
  EXPECT_EQ(aws::resolve_sts_endpoint(env, &files, p, "").text(), "http://127.0.0.1:1");
  env.set("AWS_ENDPOINT_URL_STS", "");
  EXPECT_EQ(aws::resolve_sts_endpoint(env, &files, p, "").text(), "http://127.0.0.2:2");
  env.set("AWS_ENDPOINT_URL", "");
  EXPECT_EQ(aws::resolve_sts_endpoint(env, &files, p, "").text(), "http://127.0.0.3:3");
  const auto plain = files_with("[profile p]\nendpoint_url = http://127.0.0.4:4\n");
  EXPECT_EQ(aws::resolve_sts_endpoint(env, &plain, plain.profile("p"), "").text(),
            "http://127.0.0.4:4");
}

TEST(AwsEndpoint, ignore_configured_endpoint_urls_falls_back_to_regional) {
  util::MapEnvironment env({{"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:1"},
                            {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  EXPECT_EQ(aws::resolve_sts_endpoint(env, nullptr, nullptr, "eu-west-1").text(),
            "https://sts.eu-west-1.amazonaws.com");
}

TEST(AwsEndpoint, malformed_url_names_its_origin) {
  util::MapEnvironment env;
  env.set("AWS_ENDPOINT_URL_STS", "localhost:5000");
  try {
    aws::resolve_sts_endpoint(env, nullptr, nullptr, "");
    FAIL();
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("AWS_ENDPOINT_URL_STS"), std::string::npos);
  }
}

TEST(AwsEndpoint, regional_endpoint_refuses_a_region_that_is_not_a_host_label) {
  util::MapEnvironment env;
  EXPECT_THROW(aws::resolve_sts_endpoint(env, nullptr, nullptr, "x@127.0.0.1:9/"), ConfigError);
  EXPECT_EQ(aws::resolve_sts_endpoint(env, nullptr, nullptr, "cn-north-1").text(),
            "https://sts.cn-north-1.amazonaws.com.cn");
}
