#include <gtest/gtest.h>

#include "awsx/aws/transport_env.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

// Expected values come from Python 3.11's urllib.request.proxy_bypass_environment, which
// botocore's should_bypass_proxies() calls with the endpoint's netloc.
TEST(AwsTransportEnv, no_proxy_follows_python_urllib) {
  struct Case {
    const char* authority;
    const char* no_proxy;
    bool bypass;
  };
  const Case cases[] = {
      {"127.0.0.1:5000", "127.0.0.1", true},
      {"127.0.0.1:5000", "127.0.0.1:5000", true},
      {"127.0.0.1:5000", "127.0.0.1:5001", false},
      {"sts.amazonaws.com", "amazonaws.com", true},
      {"sts.amazonaws.com", ".amazonaws.com", true},
      {"sts.amazonaws.com", "..amazonaws.com", true},
      {"badamazonaws.com", "amazonaws.com", false},
      {"STS.Example.COM", "example.com", true},
      {"sts.example.com", "EXAMPLE.com", true},
      {"example.com", "*", true},
      {"example.com", "a.com, *", false},
      {"example.com", " * ", false},
      {"example.com", "a.com , example.com", true},
      {"example.com", ",,", false},
      {"[::1]:8080", "[::1]", true},
      {"[::1]:8080", "::1", false},
      {"sts.example.com:8443", "example.com:8443", true},
      {"x.example.com", "example.com.", false},
      {"example.com", "", false},
  };
  for (const auto& c : cases)
    EXPECT_EQ(aws::bypasses_proxy(c.authority, c.no_proxy), c.bypass)
        << c.authority << " with NO_PROXY=" << c.no_proxy;
}

TEST(AwsTransportEnv, lowercase_variable_wins_and_an_empty_one_cancels) {
  util::MapEnvironment env({{"HTTPS_PROXY", "http://upper:1"},
                            {"https_proxy", "http://lower:2"},
                            {"HTTP_PROXY", "http://plain:3"},
                            {"http_proxy", ""},
                            {"NO_PROXY", "a.example"}});
  const auto settings = aws::proxy_settings_from(env);
  EXPECT_EQ(settings.https_proxy, "http://lower:2");
  EXPECT_EQ(settings.https_origin, "https_proxy");
  EXPECT_EQ(settings.http_proxy, "");
  EXPECT_EQ(settings.no_proxy, "a.example");

  util::MapEnvironment upper_only({{"HTTPS_PROXY", "http://upper:1"}, {"no_proxy", "b"}});
  const auto upper = aws::proxy_settings_from(upper_only);
  EXPECT_EQ(upper.https_proxy, "http://upper:1");
  EXPECT_EQ(upper.https_origin, "HTTPS_PROXY");
  EXPECT_EQ(upper.no_proxy, "b");
}

TEST(AwsTransportEnv, cgi_request_ignores_uppercase_http_proxy) {
  util::MapEnvironment env({{"REQUEST_METHOD", "GET"},
                            {"HTTP_PROXY", "http://injected:1"},
                            {"HTTPS_PROXY", "http://kept:2"}});
  const auto settings = aws::proxy_settings_from(env);
  EXPECT_EQ(settings.http_proxy, "");
  EXPECT_EQ(settings.https_proxy, "http://kept:2");
}

TEST(AwsTransportEnv, proxy_url_forms_and_percent_decoded_login) {
  const auto bare = aws::parse_proxy_url("127.0.0.1:3128", "HTTPS_PROXY");
  EXPECT_EQ(bare.host, "127.0.0.1");
  EXPECT_EQ(bare.port, 3128);
  EXPECT_FALSE(bare.has_login());
  EXPECT_EQ(aws::parse_proxy_url("//proxy.example", "HTTPS_PROXY").port, 80);

  const auto login = aws::parse_proxy_url("http://al%40ce:s3cr3t%3Ap%40ss@proxy:8080/", "X");
  EXPECT_EQ(login.username, "al@ce");
  EXPECT_EQ(login.password, "s3cr3t:p@ss");
  EXPECT_TRUE(login.has_login());
  EXPECT_EQ(login.text(), "http://proxy:8080");
  EXPECT_FALSE(aws::parse_proxy_url("http://user@proxy:1", "X").has_login());
}

TEST(AwsTransportEnv, unusable_proxy_urls_are_config_errors_that_hide_the_password) {
  for (const char* bad : {"https://bob:hunter2@proxy:443", "http://bob:hunter2@proxy:nope",
                          "socks5://bob:hunter2@proxy:1080"}) {
    try {
      aws::parse_proxy_url(bad, "HTTPS_PROXY");
      FAIL() << bad;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find("HTTPS_PROXY"), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
      EXPECT_EQ(e.hint().find("hunter2"), std::string::npos) << e.hint();
    }
  }
}

TEST(AwsTransportEnv, proxy_for_picks_by_scheme_and_honours_no_proxy) {
  aws::ProxySettings settings{"http://tls-proxy:1", "http://plain-proxy:2", "direct.example",
                              "HTTPS_PROXY", "http_proxy"};
  const auto https = aws::proxy_for(settings, "https", "sts.amazonaws.com");
  ASSERT_TRUE(https);
  EXPECT_EQ(https->host, "tls-proxy");
  EXPECT_EQ(https->origin, "HTTPS_PROXY");
  const auto http = aws::proxy_for(settings, "http", "127.0.0.1:5000");
  ASSERT_TRUE(http);
  EXPECT_EQ(http->origin, "http_proxy");
  EXPECT_FALSE(aws::proxy_for(settings, "https", "sts.direct.example"));
  EXPECT_FALSE(aws::proxy_for({}, "https", "sts.amazonaws.com"));
}

TEST(AwsTransportEnv, options_take_the_timeout_and_name_where_the_ca_bundle_came_from) {
  const auto files =
      config::build("[profile p]\nca_bundle = /etc/corp-ca.pem\n", "/cfg", "", "/creds");
  const auto* p = files.profile("p");
  ASSERT_NE(p, nullptr);
  util::MapEnvironment env({{"AWSX_HTTP_TIMEOUT", "7"}});
  auto options = aws::transport_options_from(env, p);
  EXPECT_EQ(options.connect_timeout, std::chrono::seconds(7));
  EXPECT_EQ(options.read_timeout, std::chrono::seconds(7));
  EXPECT_EQ(options.ca_bundle, "/etc/corp-ca.pem");
  EXPECT_EQ(options.ca_bundle_origin, "ca_bundle of profile p (/cfg:2)");

  env.set("AWS_CA_BUNDLE", "/tmp/ca.pem");
  options = aws::transport_options_from(env, p);
  EXPECT_EQ(options.ca_bundle, "/tmp/ca.pem");
  EXPECT_EQ(options.ca_bundle_origin, "AWS_CA_BUNDLE");

  env.set("AWSX_HTTP_TIMEOUT", "soon");
  EXPECT_THROW(aws::transport_options_from(env, p), UsageError);
}
