#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "awsx/creds/sso_token.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

using namespace awsx;
namespace fs = std::filesystem;

namespace {

// Computed independently: python3 -c 'import
// hashlib;print(hashlib.sha1(b"my-sso").hexdigest())'
constexpr const char* session_file = "0ad374308c5a4e22f723adf10145eafad7c4031c.json";
// ... and of b"https://example.awsapps.com/start", the legacy key.
constexpr const char* start_url_file = "e8be5486177c5b5392bd9aa76563515b29358e6e.json";
constexpr const char* start_url = "https://example.awsapps.com/start";

util::TimePoint at(const char* text) {
  return *util::parse_iso8601(text);
}

std::string cache_json(const std::string& expires_at,
                       const std::string& access_token = "tok-123") {
  return R"({"startUrl": "https://example.awsapps.com/start", "region": "eu-west-1", )"
         R"("accessToken": ")" +
         access_token + R"(", "expiresAt": ")" + expires_at +
         R"(", "clientId": "cid", "clientSecret": "csecret", )"
         R"("registrationExpiresAt": "2027-01-01T00:00:00Z", "refreshToken": "rtok"})";
}

struct SsoTokenTest : ::testing::Test {
  fs::path home;
  util::MapEnvironment env;
  util::FixedClock clock{at("2026-11-22T10:00:00Z")};
  creds::SsoSettings session{"my-sso", start_url, "eu-west-1", "111122223333", "Admin"};
  creds::SsoSettings legacy{"", start_url, "eu-west-1", "111122223333", "Admin"};

  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "awsx-sso-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    home = pattern;
    fs::create_directories(home / ".aws" / "sso" / "cache");
    env.set("HOME", home.string());
  }
  void TearDown() override { fs::remove_all(home); }

  void write(const std::string& name, const std::string& text) {
    std::ofstream(home / ".aws" / "sso" / "cache" / name) << text;
  }

  // The CredentialError read_sso_token throws for `sso`, or a failure if it returns.
  CredentialError error_for(const creds::SsoSettings& sso, const std::string& profile = "dev") {
    try {
      creds::read_sso_token(env, clock, sso, profile);
    } catch (const CredentialError& e) {
      return e;
    }
    ADD_FAILURE() << "expected CredentialError";
    return CredentialError("none");
  }
};

} // namespace

TEST_F(SsoTokenTest, session_token_is_read_from_the_sha1_of_the_session_name) {
  write(session_file, cache_json("2026-11-22T10:40:50Z"));
  EXPECT_EQ(creds::read_sso_token(env, clock, session, "dev"), "tok-123");
}

TEST_F(SsoTokenTest, legacy_token_is_read_from_the_sha1_of_the_start_url) {
  write(start_url_file, cache_json("2026-11-22T10:40:50Z", "legacy-tok"));
  EXPECT_EQ(creds::read_sso_token(env, clock, legacy, "dev"), "legacy-tok");
}

TEST_F(SsoTokenTest, session_form_does_not_fall_back_to_the_start_url_file) {
  write(start_url_file, cache_json("2026-11-22T10:40:50Z"));
  const auto e = error_for(session);
  EXPECT_NE(std::string(e.what()).find("not found"), std::string::npos) << e.what();
}

TEST_F(SsoTokenTest, older_timestamp_forms_are_accepted) {
  for (const char* expires :
       {"2026-11-22T10:40:50UTC", "2026-11-22T10:40:50+00:00", "2026-11-22T10:40:50.123456Z"}) {
    write(session_file, cache_json(expires));
    EXPECT_EQ(creds::read_sso_token(env, clock, session, "dev"), "tok-123") << expires;
  }
}

TEST_F(SsoTokenTest, expired_token_says_how_to_log_in_again) {
  write(session_file, cache_json("2026-11-22T09:59:59Z", "expired-secret-token"));
  const auto e = error_for(session);
  EXPECT_STREQ(e.what(), "the SSO token for sso-session my-sso (profile dev) has expired "
                         "(at 2026-11-22T09:59:59Z)");
  EXPECT_EQ(e.hint(), "run `aws sso login --sso-session my-sso`");
  EXPECT_EQ(e.code(), ExitCode::credentials);
  EXPECT_EQ(std::string(e.what()).find("expired-secret-token"), std::string::npos);
}

TEST_F(SsoTokenTest, token_expiring_exactly_now_is_expired) {
  write(session_file, cache_json("2026-11-22T10:00:00Z"));
  EXPECT_NE(std::string(error_for(session).what()).find("has expired"), std::string::npos);
}

TEST_F(SsoTokenTest, legacy_expired_token_hints_at_the_profile) {
  write(start_url_file, cache_json("2026-11-21T00:00:00UTC"));
  const auto e = error_for(legacy, "old-style");
  EXPECT_NE(std::string(e.what()).find(std::string("the SSO token for ") + start_url +
                                       " (profile old-style) has expired"),
            std::string::npos)
      << e.what();
  EXPECT_EQ(e.hint(), "run `aws sso login --profile old-style`");
}

TEST_F(SsoTokenTest, missing_file_names_the_path_it_looked_for) {
  const auto e = error_for(session);
  const std::string what = e.what();
  EXPECT_NE(what.find("the SSO token for sso-session my-sso (profile dev) was not found"),
            std::string::npos)
      << what;
  EXPECT_NE(what.find((home / ".aws/sso/cache" / session_file).string()), std::string::npos)
      << what;
  EXPECT_EQ(e.hint(), "run `aws sso login --sso-session my-sso`");
}

TEST_F(SsoTokenTest, missing_cache_folder_is_not_found_too) {
  fs::remove_all(home / ".aws");
  EXPECT_NE(std::string(error_for(legacy).what()).find("not found"), std::string::npos);
}

TEST_F(SsoTokenTest, unreadable_documents_are_credential_errors) {
  write(session_file, "{not json");
  EXPECT_NE(std::string(error_for(session).what()).find("not a JSON object"),
            std::string::npos);
  write(session_file, R"({"expiresAt": "2026-11-22T10:40:50Z"})");
  EXPECT_NE(std::string(error_for(session).what()).find("no accessToken"), std::string::npos);
  write(session_file, R"({"accessToken": "t"})");
  EXPECT_NE(std::string(error_for(session).what()).find("no expiresAt"), std::string::npos);
  write(session_file, cache_json("next tuesday"));
  EXPECT_NE(std::string(error_for(session).what()).find("not a timestamp"), std::string::npos);
}

TEST_F(SsoTokenTest, unreadable_file_reports_the_reason) {
  // A directory in the file's place fails on read even for root, unlike a mode of 000.
  fs::create_directory(home / ".aws/sso/cache" / session_file);
  const std::string what = error_for(session).what();
  EXPECT_NE(what.find("cannot be read"), std::string::npos) << what;
  EXPECT_NE(what.find("Is a directory"), std::string::npos) << what;
}
