#include <gtest/gtest.h>

#include "awsx/output/formats.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;

namespace {

creds::Session session(std::string secret = "se/cr+et=", std::string token = "tok+en/=") {
  creds::Session s;
  s.credentials = {"ASIAEXAMPLE", std::move(secret), std::move(token),
                   std::chrono::system_clock::from_time_t(1767323045)};
  s.region = "eu-west-1";
  s.profile = "prod";
  return s;
}

} // namespace

// These literals are what `aws configure export-credentials` 2.9 prints for such a session.
TEST(OutputFormats, aws_cli_formats_byte_for_byte) {
  EXPECT_EQ(output::render(session(), "env"),
            "export AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=se/cr+et=\n"
            "export AWS_SESSION_TOKEN=tok+en/=\n"
            "export AWS_CREDENTIAL_EXPIRATION=2026-01-02T03:04:05+00:00\n");
  EXPECT_EQ(
      output::render(session(), "env-no-export"),
      "AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nAWS_SECRET_ACCESS_KEY=se/cr+et=\n"
      "AWS_SESSION_TOKEN=tok+en/=\nAWS_CREDENTIAL_EXPIRATION=2026-01-02T03:04:05+00:00\n");
  EXPECT_EQ(output::render(session(), "powershell"),
            "$Env:AWS_ACCESS_KEY_ID=\"ASIAEXAMPLE\"\n$Env:AWS_SECRET_ACCESS_KEY=\"se/cr+et=\"\n"
            "$Env:AWS_SESSION_TOKEN=\"tok+en/=\"\n"
            "$Env:AWS_CREDENTIAL_EXPIRATION=\"2026-01-02T03:04:05+00:00\"\n");
  EXPECT_EQ(output::render(session(), "windows-cmd"),
            "set AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nset AWS_SECRET_ACCESS_KEY=se/cr+et=\n"
            "set AWS_SESSION_TOKEN=tok+en/=\nset "
            "AWS_CREDENTIAL_EXPIRATION=2026-01-02T03:04:05+00:00\n");
  EXPECT_EQ(output::render(session(), "process"),
            "{\n  \"Version\": 1,\n  \"AccessKeyId\": \"ASIAEXAMPLE\",\n"
            "  \"SecretAccessKey\": \"se/cr+et=\",\n  \"SessionToken\": \"tok+en/=\",\n"
            "  \"Expiration\": \"2026-01-02T03:04:05+00:00\"\n}\n");
}

TEST(OutputFormats, long_term_keys_have_no_token_or_expiration_lines) {
  creds::Session s;
  s.credentials = {"AKIAEXAMPLE", "secret", "", std::nullopt};
  EXPECT_EQ(output::render(s, "env"),
            "export AWS_ACCESS_KEY_ID=AKIAEXAMPLE\nexport AWS_SECRET_ACCESS_KEY=secret\n");
}

TEST(OutputFormats, fish_json_dotenv_and_docker) {
  EXPECT_EQ(output::render(session(), "fish").substr(0, 45),
            "set -gx AWS_ACCESS_KEY_ID \"ASIAEXAMPLE\"\nset -");
  const auto json = output::render(session(), "json");
  EXPECT_NE(json.find("\"Region\": \"eu-west-1\",\n  \"Profile\": \"prod\"\n}"),
            std::string::npos)
      << json;
  const auto dotenv = output::render(session(), "dotenv");
  EXPECT_NE(dotenv.find("\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n"),
            std::string::npos);
  EXPECT_EQ(output::render(session(), "docker").find("ASIA"), std::string::npos)
      << "docker output holds names only";
}

TEST(OutputFormats, unsafe_values_are_quoted_for_each_shell) {
  const auto s = session("a'b\"c$d ;e", "t");
  EXPECT_NE(output::render(s, "env").find("AWS_SECRET_ACCESS_KEY='a'\\''b\"c$d ;e'\n"),
            std::string::npos);
  EXPECT_NE(output::render(s, "fish").find("AWS_SECRET_ACCESS_KEY 'a\\'b\"c$d ;e'\n"),
            std::string::npos);
  EXPECT_NE(output::render(s, "powershell").find("AWS_SECRET_ACCESS_KEY='a''b\"c$d ;e'\n"),
            std::string::npos);
  EXPECT_NE(output::render(s, "process").find("\"SecretAccessKey\": \"a'b\\\"c$d ;e\""),
            std::string::npos);
  EXPECT_THROW(output::render(s, "windows-cmd"), Error);
  EXPECT_THROW(output::render(session("a\nb"), "dotenv"), Error);
}

TEST(OutputFormats, unknown_format_lists_the_valid_ones) {
  try {
    output::render(session(), "yaml");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(e.hint().find("env, env-no-export, powershell"), std::string::npos);
  }
}

TEST(OutputFormats, json_escapes_code_points_as_python_does_not_bytes) {
  auto s = session();
  s.profile = "pr\xc3\xb6"
              "d-\xf0\x9f\x98\x80-\xe2\x82\xac"; // prod with U+00F6, U+1F600, U+20AC
  const auto json = output::render(s, "json");
  EXPECT_NE(json.find("\"Profile\": \"pr\\u00f6d-\\ud83d\\ude00-\\u20ac\""), std::string::npos)
      << json;
  s.profile = std::string("a\xff\x7f\x01", 4) + "\xe2\x82"; // invalid and truncated UTF-8
  EXPECT_NE(
      output::render(s, "json").find("\"Profile\": \"a\\udcff\\u007f\\u0001\\udce2\\udc82\""),
      std::string::npos)
      << output::render(s, "json");
}

TEST(OutputFormats, powershell_doubles_every_quote_mark_it_knows) {
  // U+2018..U+201B end a single-quoted PowerShell string just as ' does.
  for (const std::string mark :
       {"\xe2\x80\x98", "\xe2\x80\x99", "\xe2\x80\x9a", "\xe2\x80\x9b"}) {
    const auto out = output::render(session("a" + mark + "; rm -r ~ #", "t"), "powershell");
    EXPECT_NE(out.find("AWS_SECRET_ACCESS_KEY='a" + mark + mark + "; rm -r ~ #'\n"),
              std::string::npos)
        << out;
  }
  // Other bytes of the same lead stay single.
  const auto dash = output::render(session("a\xe2\x80\x94"
                                           "b",
                                           "t"),
                                   "powershell");
  EXPECT_NE(dash.find("='a\xe2\x80\x94"
                      "b'\n"),
            std::string::npos)
      << dash;
}
