// `awsx list` through the Context: every source kind, the keyring, cached sessions.
#include <gtest/gtest.h>

#include "cli/handler_fixture.hpp"

namespace awsx::test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;
using CmdList = HandlerTest;

constexpr const char* every_kind =
    "[profile base]\nregion = eu-west-1\n"
    "[profile cfgkeys]\naws_access_key_id = AKIACONFIGCONFIGCONF\naws_secret_access_key = s\n"
    "[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n"
    "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n"
    "[profile onvault]\nrole_arn = arn:aws:iam::1:role/ov\nsource_profile = vault\n"
    "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n"
    "[profile legacy]\nsso_start_url = https://l.awsapps.com/start\nsso_region = eu-west-1\n"
    "sso_account_id = 1\nsso_role_name = r\n"
    "[profile proc]\ncredential_process = /usr/bin/helper --token abc\n"
    "[profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = /tmp/t\n"
    "[profile empty]\nregion = eu-north-1\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = eu-west-1\n";

constexpr const char* base_keys =
    "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = s\n";

constexpr const char* two_roles = "[profile base]\nregion = eu-west-1\n"
                                  "[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\n"
                                  "source_profile = base\n"
                                  "[profile deep]\nrole_arn = arn:aws:iam::1:role/deep\n"
                                  "source_profile = dev\n";

// The SESSION column of `profile`'s line in table `out`.
std::string session_column(const std::string& out, const std::string& profile) {
  const auto start = out.find("\n" + profile + " ");
  if (start == std::string::npos)
    return "(no line for " + profile + ")";
  const auto line = out.substr(start + 1, out.find('\n', start + 1) - start - 1);
  return line.substr(out.find("SESSION"));
}

TEST_F(CmdList, the_table_names_every_source_kind_in_name_order) {
  files(every_kind, base_keys);
  store_keys("vault", "AKIAVAULTVAULTVAULTV"); // in the keyring only, no config section
  const auto r = awsx({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "PROFILE  CREDENTIALS              SESSION\n"
                   "base     keys (credentials file)  -\n"
                   "cfgkeys  keys (config file)       -\n"
                   "ci       role via Environment     -\n"
                   "dev      role via base            -\n"
                   "empty    none                     -\n"
                   "legacy   sso                      -\n"
                   "onvault  role via vault           -\n"
                   "proc     process                  -\n"
                   "sso      sso                      -\n"
                   "vault    keys (keyring)           -\n"
                   "web      web-identity             -\n");
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(t.transports.made, 0);
}

TEST_F(CmdList, json_gives_each_kind_and_where_it_comes_from) {
  files(every_kind, base_keys);
  store_keys("vault", "AKIAVAULTVAULTVAULTV");
  const auto out = awsx({"list", "--json"}).out;
  const auto item = [&](const std::string& name, const std::string& kind,
                        const std::string& via) {
    const auto text = "{\n      \"name\": \"" + name + "\",\n      \"credentials\": \"" + kind +
                      "\",\n      \"via\": \"" + via + "\",\n      \"session\": null\n    }";
    return out.find(text) != std::string::npos;
  };
  EXPECT_TRUE(item("base", "keys", "credentials file")) << out;
  EXPECT_TRUE(item("cfgkeys", "keys", "config file")) << out;
  EXPECT_TRUE(item("vault", "keys", "keyring")) << out;
  EXPECT_TRUE(item("dev", "role", "base")) << out;
  EXPECT_TRUE(item("ci", "role", "Environment")) << out;
  EXPECT_TRUE(item("onvault", "role", "vault")) << out;
  EXPECT_TRUE(item("sso", "sso", "corp")) << out;
  EXPECT_TRUE(item("legacy", "sso", "sso_start_url")) << out;
  EXPECT_TRUE(item("proc", "process", "credential_process")) << out;
  EXPECT_TRUE(item("web", "web-identity", "token file")) << out;
  EXPECT_TRUE(item("empty", "none", "")) << out;
  EXPECT_EQ(out.find("--token"), std::string::npos); // a process's arguments may hold secrets
}

// README and man/awsx.1: "an object with backends and a profiles array whose items have
// name, credentials, via and session (null, or an object with expiration and seconds_left)".
TEST_F(CmdList, json_is_the_documented_document) {
  files("[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n",
        base_keys);
  cache("dev", seconds(5400));
  const auto r = awsx({"list", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, R"({
  "backends": {
    "credentials": "memory",
    "sessions": "memory"
  },
  "profiles": [
    {
      "name": "base",
      "credentials": "keys",
      "via": "credentials file",
      "session": null
    },
    {
      "name": "dev",
      "credentials": "role",
      "via": "base",
      "session": {
        "expiration": "2026-11-22T01:30:00+00:00",
        "seconds_left": 5400
      }
    }
  ]
}
)");
}

TEST_F(CmdList, keys_in_the_credentials_file_win_over_the_keyring) {
  files("[profile base]\nregion = eu-west-1\n", base_keys);
  store_keys("base", "AKIASTOREDSTOREDSTOR");
  EXPECT_EQ(session_column(awsx({"list"}).out, "base"), "-");
  EXPECT_NE(awsx({"list"}).out.find("base     keys (credentials file)"), std::string::npos);
}

// list applies no refresh margin: a session exec would renew is still there, an expired
// one (or one that ends this second) is not.
TEST_F(CmdList, live_sessions_show_their_time_left_and_expired_ones_none) {
  files(two_roles, base_keys);
  cache("dev", seconds(30));
  cache("deep", seconds(-1));
  auto r = awsx({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(session_column(r.out, "dev"), "30s left");
  EXPECT_EQ(session_column(r.out, "deep"), "-");
  EXPECT_EQ(session_column(r.out, "base"), "-");
  cache("deep", seconds(0));
  EXPECT_EQ(session_column(awsx({"list"}).out, "deep"), "-");
  cache("deep", hours(2) + seconds(125));
  r = awsx({"list", "--json"});
  EXPECT_NE(
      r.out.find(
          "\"expiration\": \"2026-11-22T02:02:05+00:00\",\n        \"seconds_left\": 7325"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("\"seconds_left\": 30\n"), std::string::npos) << r.out;
}

TEST_F(CmdList, a_damaged_session_entry_is_skipped_not_fatal) {
  files(two_roles, base_keys);
  cache("dev", seconds(30));
  cache("deep", hours(1));
  auto& sessions = *t.keyrings.entries(store::Purpose::sessions);
  for (const auto& [name, value] : sessions.items)
    if (name.rfind("session/deep/", 0) == 0)
      sessions.corrupt.insert(name); // get() fails, as a tampered file entry does
  const auto r = awsx({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(session_column(r.out, "dev"), "30s left");
  EXPECT_EQ(session_column(r.out, "deep"), "-");
}

TEST_F(CmdList, of_several_sessions_of_a_profile_the_latest_is_shown) {
  files(two_roles, base_keys);
  creds::CredentialOptions longer;
  longer.profile = "dev";
  longer.duration = hours(3); // another plan, so another session name
  cache(longer, hours(3));
  cache("dev", hours(1));
  EXPECT_EQ(session_column(awsx({"list"}).out, "dev"), "3h00m left");
  EXPECT_EQ(t.keyrings.entries(store::Purpose::sessions)->items.size(), 2u);
}

TEST_F(CmdList, a_session_without_an_expiry_is_cached_with_none) {
  files(two_roles, base_keys);
  cache("dev", std::nullopt);
  EXPECT_EQ(session_column(awsx({"list"}).out, "dev"), "cached, no expiry");
}

// Session names are "session/<profile>/<digest>" and a profile may hold '/'.
TEST_F(CmdList, sessions_of_profile_a_slash_b_are_not_profile_a_s) {
  files("[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\n"
        "[profile a/b]\nrole_arn = arn:aws:iam::1:role/ab\nsource_profile = base\n",
        base_keys);
  cache("a/b", hours(1));
  auto out = awsx({"list"}).out;
  EXPECT_EQ(session_column(out, "a"), "-") << out;
  EXPECT_EQ(session_column(out, "a/b"), "1h00m left") << out;
  t.keyrings.entries(store::Purpose::sessions)->items.clear();
  cache("a", hours(2));
  out = awsx({"list"}).out;
  EXPECT_EQ(session_column(out, "a"), "2h00m left") << out;
  EXPECT_EQ(session_column(out, "a/b"), "-") << out;
}

TEST_F(CmdList, ambient_sessions_and_those_of_gone_profiles_are_not_rows) {
  files(two_roles, base_keys);
  util::MapEnvironment ambient{{"AWS_CONFIG_FILE", home() + "/none"},
                               {"AWS_SHARED_CREDENTIALS_FILE", home() + "/none"},
                               {"AWS_ACCESS_KEY_ID", "AKIAAMBIENTAMBIENTAM"},
                               {"AWS_SECRET_ACCESS_KEY", "s"}};
  cache(creds::CredentialOptions{}, hours(1), &ambient); // cached as profile "-"
  util::MapEnvironment gone = ambient;
  gone.set("AWS_CONFIG_FILE", home() + "/gone");
  std::ofstream(home() + "/gone") << "[profile old]\naws_access_key_id = AKIAOLD\n"
                                     "aws_secret_access_key = s\n";
  creds::CredentialOptions old;
  old.profile = "old";
  cache(old, hours(1), &gone);
  ASSERT_EQ(t.keyrings.entries(store::Purpose::sessions)->items.size(), 2u);
  const auto r = awsx({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "PROFILE  CREDENTIALS              SESSION\n"
                   "base     keys (credentials file)  -\n"
                   "deep     role via dev             -\n"
                   "dev      role via base            -\n");
}

// One broken profile must not hide the others: list says which ones cannot work.
TEST_F(CmdList, broken_profiles_are_listed_as_invalid_and_empty_ones_as_none) {
  files("[profile c1]\nrole_arn = arn:aws:iam::1:role/c1\nsource_profile = c2\n"
        "[profile c2]\nrole_arn = arn:aws:iam::1:role/c2\nsource_profile = c1\n"
        "[profile orphan]\nrole_arn = arn:aws:iam::1:role/o\nsource_profile = missing\n"
        "[profile baddur]\nrole_arn = arn:aws:iam::1:role/d\nsource_profile = base\n"
        "duration_seconds = soon\n"
        "[profile badregion]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n"
        "region = eu west 1\n"
        "[profile onempty]\nrole_arn = arn:aws:iam::1:role/e\nsource_profile = empty\n"
        "[profile empty]\nregion = eu-west-1\n",
        base_keys);
  const auto r = awsx({"list"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "PROFILE    CREDENTIALS              SESSION\n"
                   "baddur     invalid                  -\n"
                   "badregion  invalid                  -\n"
                   "base       keys (credentials file)  -\n"
                   "c1         invalid                  -\n"
                   "c2         invalid                  -\n"
                   "empty      none                     -\n"
                   "onempty    invalid                  -\n"
                   "orphan     invalid                  -\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(CmdList, a_config_file_that_does_not_parse_fails_with_the_config_status) {
  files("region = eu-west-1\n[profile dev]\n", base_keys);
  const auto r = awsx({"list", "--json"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err.rfind("awsx: error: " + config_path() + ":1: ", 0), 0u) << r.err;
}

} // namespace
} // namespace awsx::test
