#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "awsx/creds/sso_refresh.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/time.hpp"
#include "support/fakes.hpp"

using namespace awsx;
using awsx::test::FakeTransport;
namespace fs = std::filesystem;

namespace {

// python3 -c 'import hashlib;print(hashlib.sha1(b"my-sso").hexdigest())'
constexpr const char* session_file = "0ad374308c5a4e22f723adf10145eafad7c4031c.json";
constexpr const char* start_url = "https://example.awsapps.com/start";
constexpr const char* new_token_answer =
    R"({"accessToken":"new-access","expiresIn":28800,"refreshToken":"new-refresh"})";

util::TimePoint at(const char* text) {
  return *util::parse_iso8601(text);
}

// A cache document as `aws sso login` writes it; `extra` replaces the registration part.
std::string cache_json(const std::string& expires_at,
                       const std::string& registration = R"("clientId": "cid", )"
                                                         R"("clientSecret": "csecret", )"
                                                         R"("registrationExpiresAt": )"
                                                         R"("2027-01-01T00:00:00Z", )"
                                                         R"("refreshToken": "old-refresh")") {
  return R"({"startUrl": "https://example.awsapps.com/start", "region": "eu-west-1", )"
         R"("accessToken": "old-access", "expiresAt": ")" +
         expires_at + R"(", )" + registration + "}";
}

struct SsoRefreshTest : ::testing::Test {
  fs::path home;
  util::MapEnvironment env{{"AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:4568"}};
  util::FixedClock clock{at("2026-11-22T10:05:30Z")};
  creds::SsoSettings session{"my-sso", start_url, "eu-west-1", "111122223333", "Admin"};
  FakeTransport transport;

  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "awsx-ssor-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    home = pattern;
    fs::create_directories(home / ".aws" / "sso" / "cache");
    env.set("HOME", home.string());
  }
  void TearDown() override { fs::remove_all(home); }

  fs::path cache_path() const { return home / ".aws" / "sso" / "cache" / session_file; }
  void write(const std::string& text) { std::ofstream(cache_path()) << text; }
  std::string read() const {
    std::ifstream in(cache_path());
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }
  creds::SsoTokenFile file(const std::string& text) {
    write(text);
    return creds::load_sso_token_file(env, session, "dev");
  }
  std::string token() { return creds::sso_access_token(transport, env, clock, session, "dev"); }

  // The CredentialError of token(), checked to hold no token or secret.
  std::string credential_error() {
    try {
      token();
    } catch (const CredentialError& e) {
      const std::string what = e.what();
      for (const char* secret : {"old-access", "old-refresh", "csecret", "new-access"})
        EXPECT_EQ(what.find(secret), std::string::npos) << what;
      EXPECT_EQ(e.hint(), "run `aws sso login --sso-session my-sso`");
      return what;
    }
    ADD_FAILURE() << "expected CredentialError";
    return {};
  }
};

} // namespace

TEST_F(SsoRefreshTest, decision_follows_botocores_window_and_required_fields) {
  const auto now = clock.now();
  EXPECT_FALSE(
      creds::decide_sso_refresh(file(cache_json("2026-11-22T10:20:30Z")), session, now).wanted)
      << "15 minutes left: botocore does not refresh yet";
  auto soon = creds::decide_sso_refresh(file(cache_json("2026-11-22T10:20:29Z")), session, now);
  EXPECT_TRUE(soon.wanted);
  ASSERT_TRUE(soon.grant);
  EXPECT_EQ(soon.grant->client_id, "cid");
  EXPECT_EQ(soon.grant->client_secret, "csecret");
  EXPECT_EQ(soon.grant->refresh_token, "old-refresh");

  const auto unable = [&](const std::string& registration, const creds::SsoSettings& sso) {
    const auto d = creds::decide_sso_refresh(
        file(cache_json("2026-11-22T10:00:00Z", registration)), sso, now);
    EXPECT_TRUE(d.wanted);
    EXPECT_FALSE(d.grant);
    return d.unable;
  };
  const std::string client = R"("clientId": "cid", "clientSecret": "csecret", )";
  EXPECT_EQ(unable(client + R"("registrationExpiresAt": "2027-01-01T00:00:00Z")", session),
            "no refresh token is cached");
  EXPECT_EQ(unable(client + R"("registrationExpiresAt": "2026-11-22T10:05:30Z", )"
                            R"("refreshToken": "r")",
                   session),
            "its client registration expired at 2026-11-22T10:05:30Z");
  EXPECT_EQ(unable(R"("clientSecret": "s", "registrationExpiresAt": "2027-01-01T00:00:00Z", )"
                   R"("refreshToken": "r")",
                   session),
            "the cached client registration is incomplete");
  auto legacy = session;
  legacy.session.clear();
  fs::copy_file(cache_path(),
                home / ".aws/sso/cache/e8be5486177c5b5392bd9aa76563515b29358e6e.json");
  const auto d =
      creds::decide_sso_refresh(creds::load_sso_token_file(env, legacy, "dev"), legacy, now);
  EXPECT_FALSE(d.grant) << "botocore refreshes only sso-session tokens";
}

TEST_F(SsoRefreshTest, document_is_what_botocore_writes_byte_for_byte) {
  auto sso = session;
  sso.start_url = "https://example.awsapps.com/start/\xc3\xa9";
  const auto old = file(cache_json("2026-11-22T10:00:00Z"));
  // python3: json.dumps({... botocore's new_token ...}, default=strftime("%Y-%m-%dT%H:%M:%SZ"))
  // with now = 10:05:30.123456 and expiresIn 28800.
  const auto now = clock.now() + std::chrono::microseconds(123456);
  EXPECT_EQ(
      creds::sso_cache_document(sso, {"new-access", std::chrono::seconds(28800), "new-refresh"},
                                old, now),
      R"({"startUrl": "https://example.awsapps.com/start/\u00e9", "region": "eu-west-1", )"
      R"("accessToken": "new-access", "expiresAt": "2026-11-22T18:05:30Z", )"
      R"("clientId": "cid", "clientSecret": "csecret", )"
      R"("registrationExpiresAt": "2027-01-01T00:00:00Z", "refreshToken": "new-refresh"})");
  EXPECT_EQ(
      creds::sso_cache_document(sso, {"a", std::chrono::seconds(60), std::nullopt}, old, now)
          .find("refreshToken"),
      std::string::npos)
      << "botocore keeps a refresh token only when CreateToken sent one";
}

TEST_F(SsoRefreshTest, replacing_the_file_is_private_whatever_the_old_mode_and_umask) {
  write("old");
  ::chmod(cache_path().c_str(), 0644);
  const auto old_mask = ::umask(0);
  creds::replace_sso_cache_file(cache_path().string(), "{\"new\": 1}");
  ::umask(old_mask);
  EXPECT_EQ(read(), "{\"new\": 1}");
  struct stat st {};
  ASSERT_EQ(::stat(cache_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(std::distance(fs::directory_iterator(cache_path().parent_path()),
                          fs::directory_iterator{}),
            1)
      << "no temporary file is left behind";
}

TEST_F(SsoRefreshTest, expired_token_is_refreshed_and_written_back) {
  write(cache_json("2026-11-22T10:00:00Z"));
  ::chmod(cache_path().c_str(), 0600);
  transport.answer(200, new_token_answer);
  EXPECT_EQ(token(), "new-access");
  ASSERT_EQ(transport.requests.size(), 1u);
  EXPECT_EQ(transport.requests[0].path, "/token");
  EXPECT_EQ(read(),
            R"({"startUrl": "https://example.awsapps.com/start", "region": "eu-west-1", )"
            R"("accessToken": "new-access", "expiresAt": "2026-11-22T18:05:30Z", )"
            R"("clientId": "cid", "clientSecret": "csecret", )"
            R"("registrationExpiresAt": "2027-01-01T00:00:00Z", )"
            R"("refreshToken": "new-refresh"})");
  EXPECT_EQ(creds::read_sso_token(env, clock, session, "dev"), "new-access");
}

TEST_F(SsoRefreshTest, token_outside_the_window_is_used_without_a_request) {
  write(cache_json("2026-11-22T11:00:00Z"));
  EXPECT_EQ(token(), "old-access");
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(SsoRefreshTest, valid_token_in_the_window_survives_a_failed_refresh) {
  write(cache_json("2026-11-22T10:10:00Z"));
  transport.answer(400, R"({"__type":"InvalidGrantException","error_description":"no"})");
  EXPECT_EQ(token(), "old-access");
  transport.answer(0, "");
  transport.answer(0, "");
  transport.answer(0, "");
  EXPECT_EQ(token(), "old-access") << "a network failure too, while the token lasts";
  EXPECT_EQ(read(), cache_json("2026-11-22T10:10:00Z")) << "the file is left alone";
}

TEST_F(SsoRefreshTest, expired_without_refresh_token_says_so_and_asks_nothing) {
  write(cache_json("2026-11-22T10:00:00Z", R"("clientId": "cid", "clientSecret": "csecret")"));
  EXPECT_EQ(credential_error(),
            "the SSO token for sso-session my-sso (profile dev) has expired "
            "(at 2026-11-22T10:00:00Z) and no refresh token is cached");
  EXPECT_TRUE(transport.requests.empty());
}

TEST_F(SsoRefreshTest, rejected_refresh_names_the_oidc_error_and_keeps_the_file) {
  write(cache_json("2026-11-22T10:00:00Z"));
  transport.answer(400, R"({"__type":"InvalidGrantException","error":"invalid_grant",)"
                        R"("error_description":"Invalid refresh token provided"})");
  EXPECT_EQ(credential_error(),
            "the SSO token for sso-session my-sso (profile dev) has expired (at "
            "2026-11-22T10:00:00Z) and refreshing it failed: sso-oidc CreateToken for "
            "sso-session my-sso: InvalidGrantException: Invalid refresh token provided");
  EXPECT_EQ(read(), cache_json("2026-11-22T10:00:00Z"));
}

TEST_F(SsoRefreshTest, expired_token_and_no_network_is_a_network_error) {
  write(cache_json("2026-11-22T10:00:00Z"));
  for (int i = 0; i < 3; ++i)
    transport.answer(0, "");
  EXPECT_THROW(token(), NetworkError);
}

// A transport that, like `aws` refreshing at the same moment, rewrites the cache before
// answering that the (now used) refresh token is no longer valid.
class RacingTransport final : public aws::HttpTransport {
public:
  explicit RacingTransport(fs::path path) : path_(std::move(path)) {}
  aws::HttpResponse send(const aws::HttpRequest&) override {
    std::ofstream(path_)
        << R"({"accessToken": "aws-access", "expiresAt": "2026-11-22T18:00:00Z"})";
    return {400, {}, R"({"__type":"InvalidGrantException"})"};
  }

private:
  fs::path path_;
};

TEST_F(SsoRefreshTest, a_token_another_process_refreshed_meanwhile_is_used) {
  write(cache_json("2026-11-22T10:00:00Z"));
  RacingTransport racing(cache_path());
  EXPECT_EQ(creds::sso_access_token(racing, env, clock, session, "dev"), "aws-access");
}
