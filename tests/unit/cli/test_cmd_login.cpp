#include <fstream>

#include <gtest/gtest.h>

#include "awsx/aws/signin_token.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"
#include "cli/context_fixture.hpp"
#include "support/run_awsx.hpp"

namespace awsx::test {
namespace {

const std::string fed_answer = R"({"SigninToken":"SIGNIN/TOKEN+1"})";
const std::string fed_url = "https://signin.aws.amazon.com/federation";

// The form fields of a getSigninToken `body`, decoded.
std::map<std::string, std::string> form(const std::string& body) {
  std::map<std::string, std::string> fields;
  for (std::size_t start = 0; start <= body.size();) {
    auto end = body.find('&', start);
    if (end == std::string::npos)
      end = body.size();
    const auto pair = body.substr(start, end - start);
    const auto eq = pair.find('=');
    std::string value;
    const auto raw = pair.substr(eq + 1);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size()) {
        value += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        value += raw[i];
      }
    }
    fields[pair.substr(0, eq)] = value;
    start = end + 1;
  }
  return fields;
}

class Login : public ContextTest {
protected:
  // Appends `text` to the fixture's config.
  void add_config(const std::string& text) {
    std::ofstream(dir.path().string() + "/config", std::ios::app) << text;
  }
  // The last request, which must be getSigninToken, and its fields.
  std::map<std::string, std::string> signin_request() {
    const auto& requests = t.transports.fake.requests;
    EXPECT_FALSE(requests.empty());
    const auto& last = requests.back();
    EXPECT_EQ(last.method, "POST");
    EXPECT_EQ(last.host, "signin.aws.amazon.com");
    EXPECT_EQ(last.path, "/federation");
    EXPECT_EQ(last.query, "") << "the keys go in the body, never in the URL";
    auto fields = form(last.body);
    EXPECT_EQ(fields["Action"], "getSigninToken");
    return fields;
  }
  // The Session document of `fields`.
  util::FlatObject session_of(std::map<std::string, std::string>& fields) {
    auto doc = util::FlatObject::parse_lenient(fields["Session"]);
    EXPECT_TRUE(doc) << fields["Session"];
    return doc.value_or(util::FlatObject{});
  }
};

TEST_F(Login, a_cached_direct_role_session_asks_for_its_remaining_lifetime) {
  cache_dev_session("ASIACACHEDCACHEDCACH"); // one hour left
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev", "-s"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.transports.fake.requests.size(), 1u);
  auto fields = signin_request();
  EXPECT_EQ(fields["SessionDuration"], "3600");
  const auto session = session_of(fields);
  EXPECT_EQ(session.string("sessionId"), "ASIACACHEDCACHEDCACH");
  EXPECT_EQ(session.string("sessionKey"), "cached-secret");
  EXPECT_EQ(session.string("sessionToken"), "cached-token");
  EXPECT_EQ(r.out, fed_url + "?Action=login&Issuer=awsx&Destination=" +
                       util::uri_encode("https://eu-west-1.console.aws.amazon.com/console/"
                                        "home?region=eu-west-1") +
                       "&SigninToken=SIGNIN%2FTOKEN%2B1\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(Login, a_new_direct_role_session_is_assumed_and_sends_session_duration) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev", "--stdout"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.transports.fake.requests.size(), 2u);
  EXPECT_NE(t.transports.fake.requests[0].body.find("Action=AssumeRole"), std::string::npos);
  auto fields = signin_request();
  EXPECT_EQ(fields["SessionDuration"], "21600");
  EXPECT_EQ(session_of(fields).string("sessionId"), "ASIAFRESHFRESHFRESHF");
}

TEST_F(Login, session_duration_stays_within_what_the_console_allows) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T00:10:00Z"));
  t.transports.fake.answer(200, fed_answer);
  ASSERT_EQ(run_awsx({"login", "dev", "-s", "--no-cache"}, t).status, 0);
  EXPECT_EQ(signin_request()["SessionDuration"], "900");
}

TEST_F(Login, a_chained_role_session_sends_no_session_duration) {
  add_config("\n[profile chain]\nrole_arn = arn:aws:iam::111122223333:role/chain\n"
             "source_profile = dev\n");
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFIRSTFIRSTFIRSTF", "2026-11-22T06:00:00Z"));
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIACHAINCHAINCHAINC", "2026-11-22T01:00:00Z"));
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "chain", "-s"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  auto fields = signin_request();
  EXPECT_EQ(fields.count("SessionDuration"), 0u) << t.transports.fake.requests.back().body;
  EXPECT_EQ(session_of(fields).string("sessionId"), "ASIACHAINCHAINCHAINC");
}

TEST_F(Login, long_term_keys_get_a_federation_token_named_after_the_user) {
  t.transports.fake.answer(
      200, "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:"
           "user/team/alice.with.a-very-long-name@example.com</Arn><UserId>AIDA</UserId>"
           "<Account>111122223333</Account></GetCallerIdentityResult>"
           "</GetCallerIdentityResponse>");
  t.transports.fake.answer(200,
                           sts_credentials_xml("GetFederationToken", "ASIAFEDFEDFEDFEDFEDF",
                                               "2026-11-22T12:00:00Z"));
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "base", "-s"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto& requests = t.transports.fake.requests;
  ASSERT_EQ(requests.size(), 3u);
  auto token_call = form(requests[1].body);
  EXPECT_EQ(token_call["Action"], "GetFederationToken");
  EXPECT_EQ(token_call["Name"], "alice.with.a-very-long-name@exam"); // 32 characters
  EXPECT_EQ(token_call["DurationSeconds"], "43200");
  EXPECT_EQ(
      token_call["Policy"],
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})");
  EXPECT_NE(requests[1].header("Authorization").find("Credential=AKIABASEBASEBASEBASE/"),
            std::string::npos)
      << "the user's own keys sign GetFederationToken";
  auto fields = signin_request();
  EXPECT_EQ(fields.count("SessionDuration"), 0u) << requests.back().body;
  EXPECT_EQ(session_of(fields).string("sessionId"), "ASIAFEDFEDFEDFEDFEDF");
  EXPECT_EQ(session_of(fields).string("sessionToken"), "token-ASIAFEDFEDFEDFEDFEDF");
}

TEST_F(Login, temporary_credentials_are_used_as_they_are) {
  t.env.set("AWS_CONFIG_FILE", dir.path().string() + "/none");
  t.env.set("AWS_SHARED_CREDENTIALS_FILE", dir.path().string() + "/none");
  t.env.set("AWS_ACCESS_KEY_ID", "ASIAAMBIENTAMBIENTAM");
  t.env.set("AWS_SECRET_ACCESS_KEY", "ambient-secret");
  t.env.set("AWS_SESSION_TOKEN", "ambient-token");
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "-s", "--path", "/s3/buckets"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.transports.fake.requests.size(), 1u);
  auto fields = signin_request();
  EXPECT_EQ(fields.count("SessionDuration"), 0u);
  EXPECT_EQ(session_of(fields).string("sessionToken"), "ambient-token");
  // No region anywhere: the global console, and --path is kept.
  EXPECT_NE(r.out.find("Destination=" +
                       util::uri_encode("https://console.aws.amazon.com/s3/buckets") + "&"),
            std::string::npos)
      << r.out;
}

TEST_F(Login, region_picks_the_partition_of_the_endpoint_and_the_console) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", "2026-11-22T06:00:00Z"));
  t.transports.fake.answer(200, fed_answer);
  const auto cn = run_awsx({"login", "dev", "-s", "--region", "cn-north-1"}, t);
  ASSERT_EQ(cn.status, 0) << cn.err;
  EXPECT_EQ(t.transports.fake.requests.back().host, "signin.amazonaws.cn");
  EXPECT_EQ(cn.out.rfind("https://signin.amazonaws.cn/federation?Action=login&", 0), 0u)
      << cn.out;
  EXPECT_NE(cn.out.find(util::uri_encode("https://cn-north-1.console.amazonaws.cn/console/home?"
                                         "region=cn-north-1")),
            std::string::npos)
      << cn.out;
}

TEST_F(Login, an_invalid_region_is_refused_before_any_call) {
  const auto r = run_awsx({"login", "dev", "-s", "--region", "evil.com/x"}, t);
  EXPECT_NE(r.status, 0);
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(Login, a_url_as_path_is_refused_before_any_call) {
  const auto r = run_awsx({"login", "dev", "-s", "--path", "https://evil.example/"}, t);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("--path"), std::string::npos) << r.err;
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(Login, the_federation_endpoint_can_be_overridden) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.env.set("AWSX_FEDERATION_ENDPOINT", "http://127.0.0.1:8123/fed");
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev", "-s"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  const auto& last = t.transports.fake.requests.back();
  EXPECT_EQ(last.host, "127.0.0.1");
  EXPECT_EQ(last.port, 8123);
  EXPECT_EQ(last.path, "/fed");
  EXPECT_EQ(r.out.rfind("http://127.0.0.1:8123/fed?Action=login&Issuer=awsx&", 0), 0u) << r.out;
}

TEST_F(Login, a_refused_session_duration_gets_a_hint_and_shows_no_secret) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.transports.fake.answer(400, "echo: cached-secret cached-token");
  const auto r = run_awsx({"login", "dev", "-s"}, t);
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.err.find("HTTP 400"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hint: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("SessionDuration"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("cached-secret"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("cached-token"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");
}

TEST_F(Login, without_stdout_the_url_goes_to_browser_with_its_arguments) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.env.set("BROWSER", "firefox --new-tab");
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.spawner.started.size(), 1u);
  const auto& argv = t.spawner.started[0].argv;
  ASSERT_EQ(argv.size(), 3u);
  EXPECT_EQ(argv[0], "firefox");
  EXPECT_EQ(argv[1], "--new-tab");
  EXPECT_NE(argv[2].find("SigninToken=SIGNIN%2FTOKEN%2B1"), std::string::npos);
  EXPECT_EQ(r.out, "") << "the token goes only to the browser";
  EXPECT_EQ(r.err.find("SIGNIN"), std::string::npos);
}

TEST_F(Login, without_browser_xdg_open_opens_it) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.spawner.started.size(), 1u);
  EXPECT_EQ(t.spawner.started[0].argv.front(), "xdg-open");
  EXPECT_EQ(r.out, "");
}

TEST_F(Login, with_no_browser_the_url_is_printed_with_a_hint) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.env.set("BROWSER", "w3m '%s' -dump:lynx");
  t.spawner.detached_results["w3m"] = 3;             // fails at once
  t.spawner.detached_results["lynx"] = std::nullopt; // not installed
  t.spawner.detached_results["xdg-open"] = std::nullopt;
  t.transports.fake.answer(200, fed_answer);
  const auto r = run_awsx({"login", "dev"}, t);
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(t.spawner.started.size(), 3u);
  EXPECT_EQ(t.spawner.started[0].argv[1].rfind(fed_url + "?Action=login", 0), 0u);
  EXPECT_EQ(t.spawner.started[0].argv[2], "-dump");
  EXPECT_EQ(r.out.rfind(fed_url + "?Action=login&", 0), 0u) << r.out;
  EXPECT_NE(r.err.find("w3m (exit status 3)"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("BROWSER"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("SIGNIN"), std::string::npos) << r.err;
}

} // namespace
} // namespace awsx::test
