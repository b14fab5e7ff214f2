// `awsx doctor` through the Context: the chain, origins, warnings, lint and errors.
#include <gtest/gtest.h>

#include "cli/handler_fixture.hpp"

namespace awsx::test {
namespace {

using CmdDoctor = HandlerTest;

constexpr const char* chain_config =
    "[profile base]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n"
    "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\nsource_profile = base\n"
    "role_session_name = dev-session\nduration_seconds = 7200\n"
    "[profile deep]\nrole_arn = arn:aws:iam::111122223333:role/deep\nsource_profile = dev\n"
    "role_session_name = deep-session\nduration_seconds = 7200\n";

constexpr const char* base_keys =
    "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = base-secret\n";

// The line of `out` that starts with `prefix` (after indentation), or "".
std::string line_of(const std::string& out, const std::string& prefix) {
  const auto at = out.find(prefix);
  return at == std::string::npos ? "" : out.substr(at, out.find('\n', at) - at);
}

TEST_F(CmdDoctor, text_explains_each_call_of_a_chain_and_the_role_chaining_cap) {
  files(chain_config, base_keys);
  const auto r = awsx({"doctor", "deep"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(
      r.out,
      "Profile: deep  (chain: deep dev base)\n\nSteps:\n"
      "  1. credentials: long-term keys of profile base from " +
          credentials_path() +
          ":2 (AKIABASEBASEBASEBASE)\n"
          "  2. AssumeRole: arn:aws:iam::111122223333:role/dev\n"
          "       role of profile dev\n"
          "       signed by: the long-term keys directly (not role chaining)\n"
          "       duration: 7200s (2h00m), duration_seconds in profile dev\n"
          "       MFA: arn:aws:iam::111122223333:mfa/me (mfa_serial of profile base); "
          "code from --mfa-token, else a prompt on /dev/tty\n"
          "       MFA path: direct, not through an MFA session: the role asks for 7200s, more than the 1h a role signed by an MFA session may last\n"
          "       session name: dev-session\n"
          "  3. AssumeRole: arn:aws:iam::111122223333:role/deep\n"
          "       role of profile deep\n"
          "       signed by: temporary credentials, so this is role chaining\n"
          "       duration: 3600s (1h00m), duration_seconds in profile deep (capped: role "
          "chaining)\n"
          "       MFA: none\n"
          "       session name: deep-session\n\n"
          "Region:       eu-west-1 (region of profile base (" +
          config_path() +
          ":2))\n"
          "STS endpoint: https://sts.eu-west-1.amazonaws.com (regional endpoint)\n"
          "awsx login:   the role session, without SessionDuration: the role is chained (the "
          "federation endpoint refuses it then), so the console lasts 1h\n\n"
          "MFA device:   arn:aws:iam::111122223333:mfa/me\n"
          "              no code of it accepted on record\n\n"
          "warning: role chaining: arn:aws:iam::111122223333:role/deep is assumed with "
          "temporary credentials, so STS allows at most 1h; asking for 3600s instead of "
          "7200s\n\n"
          "Config lint: no findings\n");
  EXPECT_EQ(t.transports.made, 0);
  EXPECT_EQ(t.keyrings.opened, 0); // the keys are in the credentials file
  EXPECT_EQ(r.out.find("base-secret"), std::string::npos);
}

// man/awsx.1: "the keys profile, chain, steps, region, sts_endpoint, warnings and lint".
TEST_F(CmdDoctor, json_holds_the_documented_keys_and_the_source) {
  files(chain_config, base_keys);
  const auto r = awsx({"doctor", "dev", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, R"j({
  "profile": "dev",
  "chain": [
    "dev",
    "base"
  ],
  "source": {
    "kind": "keys",
    "profile": "base",
    "access_key_id": "AKIABASEBASEBASEBASE"
  },
  "steps": [
    {
      "action": "credentials",
      "summary": "long-term keys of profile base from )j" +
                       credentials_path() + R"j(:2 (AKIABASEBASEBASEBASE)",
      "details": [

      ]
    },
    {
      "action": "AssumeRole",
      "summary": "arn:aws:iam::111122223333:role/dev",
      "details": [
        "role of profile dev",
        "signed by: the long-term keys directly (not role chaining)",
        "duration: 7200s (2h00m), duration_seconds in profile dev",
        "MFA: arn:aws:iam::111122223333:mfa/me (mfa_serial of profile base); code from --mfa-token, else a prompt on /dev/tty",
        "MFA path: direct, not through an MFA session: the role asks for 7200s, more than the 1h a role signed by an MFA session may last",
        "session name: dev-session"
      ]
    }
  ],
  "region": {
    "value": "eu-west-1",
    "origin": "region of profile base ()j" +
                       config_path() + R"j(:2)"
  },
  "sts_endpoint": {
    "url": "https://sts.eu-west-1.amazonaws.com",
    "origin": "regional endpoint"
  },
  "login": "the role session, with SessionDuration = its remaining lifetime (at most 12h), so the console lasts as long as the session",
  "mfa_devices": [
    {
      "serial": "arn:aws:iam::111122223333:mfa/me",
      "last_accepted": null
    }
  ],
  "warnings": [

  ],
  "lint": [

  ]
}
)j");
}

TEST_F(CmdDoctor, the_duration_and_region_say_what_chose_them) {
  files("[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = k\n"
        "[profile k]\naws_access_key_id = AKIAKKKKKKKKKKKKKKKK\naws_secret_access_key = s\n");
  auto out = awsx({"doctor", "r"}).out;
  EXPECT_EQ(line_of(out, "duration:"), "duration: 3600s (1h00m), default");
  EXPECT_EQ(
      line_of(out, "Region:"),
      "Region:       us-east-1 for STS; none for the command (none (STS uses us-east-1))");
  t.env.set("AWS_DEFAULT_REGION", "ap-south-1");
  EXPECT_EQ(line_of(awsx({"doctor", "r"}).out, "Region:"),
            "Region:       ap-south-1 (AWS_DEFAULT_REGION)");
  t.env.set("AWS_REGION", "ca-central-1");
  EXPECT_EQ(line_of(awsx({"doctor", "r"}).out, "Region:"),
            "Region:       ca-central-1 (AWS_REGION)");
  out = awsx({"doctor", "r", "--duration", "1h30m", "--region", "eu-central-1"}).out;
  EXPECT_EQ(line_of(out, "duration:"), "duration: 5400s (1h30m), --duration");
  EXPECT_EQ(line_of(out, "Region:"), "Region:       eu-central-1 (--region)");
  EXPECT_EQ(line_of(out, "STS endpoint:"),
            "STS endpoint: https://sts.eu-central-1.amazonaws.com (regional endpoint)");
  out = awsx({"doctor", "k", "--duration", "2h"}).out;
  EXPECT_EQ(line_of(out, "2. GetSessionToken"),
            "2. GetSessionToken: a session for the long-term keys, so they are never handed to "
            "the command");
  EXPECT_EQ(line_of(out, "duration:"), "duration: 7200s (2h00m)");
}

TEST_F(CmdDoctor, each_source_kind_is_named_with_where_it_comes_from) {
  files("[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\n"
        "sso_role_name = Admin\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = eu-west-1\n"
        "[profile proc]\ncredential_process = /usr/bin/helper --token abc123\n"
        "[profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = /t\n"
        "[profile ecs]\nrole_arn = arn:aws:iam::1:role/ecs\ncredential_source = EcsContainer\n"
        "[profile vault]\nregion = eu-west-1\n");
  store_keys("vault", "AKIAVAULTVAULTVAULTV");
  t.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds");
  const auto first = [&](const std::vector<std::string>& args) {
    const auto r = awsx(args);
    EXPECT_EQ(r.status, 0) << r.err;
    return line_of(r.out, "1. ") + " | " + line_of(r.out, "2. ");
  };
  EXPECT_EQ(first({"doctor", "sso"}),
            "1. credentials: IAM Identity Center role Admin in account 111122223333 of profile "
            "sso (sso-session corp) | 2. none: the credentials are used as they are");
  EXPECT_EQ(first({"doctor", "proc"}), "1. credentials: credential_process of profile proc (" +
                                           config_path() +
                                           ":9): /usr/bin/helper (its arguments are not "
                                           "shown) | 2. none: the credentials are used as "
                                           "they are");
  EXPECT_EQ(awsx({"doctor", "proc", "--json"}).out.find("abc123"), std::string::npos);
  EXPECT_EQ(first({"doctor", "web"}),
            "1. credentials: web identity token of profile web from /t | "
            "2. AssumeRoleWithWebIdentity: arn:aws:iam::1:role/web");
  EXPECT_EQ(first({"doctor", "ecs"}),
            "1. credentials: container credentials from "
            "AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:9/creds | "
            "2. AssumeRole: arn:aws:iam::1:role/ecs");
  EXPECT_EQ(first({"doctor", "vault", "--role-arn", "arn:aws:iam::1:role/adhoc"}),
            "1. credentials: long-term keys of profile vault from the memory keyring "
            "(AKIAVAULTVAULTVAULTV) | 2. AssumeRole: arn:aws:iam::1:role/adhoc");
  const auto json = awsx({"doctor", "web", "--json"}).out;
  EXPECT_NE(
      json.find("\"source\": {\n    \"kind\": \"web-identity\",\n    \"profile\": \"web\""),
      std::string::npos)
      << json;
}

TEST_F(CmdDoctor, without_a_profile_it_explains_the_ambient_credentials) {
  files("");
  t.env.set("AWS_ACCESS_KEY_ID", "AKIAAMBIENTAMBIENTAM");
  t.env.set("AWS_SECRET_ACCESS_KEY", "ambient-secret");
  const auto r = awsx({"doctor"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(line_of(r.out, "Profile:"), "Profile: (ambient credentials)");
  EXPECT_EQ(line_of(r.out, "1. "),
            "1. credentials: long-term keys from environment (AKIAAMBIENTAMBIENTAM)");
  EXPECT_EQ(r.out.find("ambient-secret"), std::string::npos);
}

TEST_F(CmdDoctor, lint_findings_name_file_and_line_and_do_not_fail_the_run) {
  files("[profile ok]\naws_access_key_id = AKIAOKOKOKOKOKOKOKOK\naws_secret_access_key = s\n"
        "[profile c1]\nrole_arn = arn:aws:iam::1:role/c1\nsource_profile = c2\n"
        "[profile c2]\nrole_arn = arn:aws:iam::1:role/c2\nsource_profile = c1\n"
        "[profile empty]\nregoin = eu-west-1\n");
  auto r = awsx({"doctor", "ok"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto c = config_path();
  EXPECT_EQ(r.out.substr(r.out.find("Config lint:")),
            "Config lint:\n"
            "  " +
                c +
                ":11: unknown key \"regoin\" in profile empty; did you mean region?\n"
                "  " +
                c +
                ":6: source_profile cycle: c1 -> c2 -> c1\n"
                "  " +
                c +
                ":9: source_profile cycle: c2 -> c1 -> c2\n"
                "  " +
                c + ":10: profile empty has no credentials and no profile uses it\n");
  r = awsx({"doctor", "ok", "--json"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto item = [&](int line, const std::string& message) {
    return "    {\n      \"file\": \"" + c + "\",\n      \"line\": " + std::to_string(line) +
           ",\n      \"message\": \"" + message + "\"\n    }";
  };
  EXPECT_EQ(r.out.substr(r.out.find("  \"lint\"")),
            "  \"lint\": [\n" +
                item(11, "unknown key \\\"regoin\\\" in profile empty; did you mean region?") +
                ",\n" + item(6, "source_profile cycle: c1 -> c2 -> c1") + ",\n" +
                item(9, "source_profile cycle: c2 -> c1 -> c2") + ",\n" +
                item(10, "profile empty has no credentials and no profile uses it") +
                "\n  ]\n}\n");
}

// Keys stored with `awsx add` are a profile's credentials: the lint must not call a
// profile that has them "without credentials".
TEST_F(CmdDoctor, lint_counts_keys_in_the_keyring_as_credentials) {
  files("[profile step]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::1:mfa/me\n");
  store_keys("step", "AKIASTEPSTEPSTEPSTEP");
  const auto r = awsx({"doctor", "step"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(line_of(r.out, "Config lint:"), "Config lint: no findings");
}

// The lint comes after the explanation: a keyring it cannot read must not fail the run.
TEST_F(CmdDoctor, an_unreadable_keyring_leaves_the_finding_and_the_status_as_they_were) {
  files("[profile ok]\naws_access_key_id = AKIAOKOKOKOKOKOKOKOK\naws_secret_access_key = s\n"
        "[profile idle]\nregion = eu-west-1\n");
  store_keys("idle", "AKIAIDLEIDLEIDLEIDLE");
  const auto entries = t.keyrings.entries(store::Purpose::credentials);
  entries->corrupt.insert(store::credentials_name("idle"));
  const auto r = awsx({"doctor", "ok"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.substr(r.out.find("Config lint:")),
            "Config lint:\n  " + config_path() +
                ":4: profile idle has no credentials and no profile uses it\n");
  EXPECT_EQ(t.keyrings.opened, 1);
}

TEST_F(CmdDoctor, a_profile_that_cannot_work_fails_with_what_to_fix) {
  files("[profile c1]\nrole_arn = arn:aws:iam::1:role/c1\nsource_profile = c2\n"
        "[profile c2]\nrole_arn = arn:aws:iam::1:role/c2\nsource_profile = c1\n"
        "[profile orphan]\nrole_arn = arn:aws:iam::1:role/o\nsource_profile = missing\n"
        "[profile empty]\nregion = eu-west-1\n");
  const auto c = config_path();
  auto r = awsx({"doctor", "c1"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(line_of(r.err, "awsx: error:"),
            "awsx: error: " + c + ":6: source_profile cycle: c1 -> c2 -> c1");
  r = awsx({"doctor", "orphan", "--json"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "awsx: error: " + c +
                       ":9: profile orphan has source_profile = missing, but no profile "
                       "\"missing\" exists\nawsx: hint: define [profile missing] in " +
                       c + ", run `awsx add missing`, or fix the name\n");
  r = awsx({"doctor", "empty"});
  EXPECT_EQ(r.status, 4);
  EXPECT_EQ(line_of(r.err, "awsx: error:"),
            "awsx: error: profile empty (" + c + ":10) has no credentials");
  r = awsx({"doctor", "nosuch"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(line_of(r.err, "awsx: hint:"), "awsx: hint: known profiles: c1, c2, empty, orphan");
  files("garbage\n");
  r = awsx({"doctor", "--json"});
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(t.transports.made, 0);
}

} // namespace
} // namespace awsx::test
