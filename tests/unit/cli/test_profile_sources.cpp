// How list names a profile's credentials, and which profiles removing keys touches.
#include <gtest/gtest.h>

#include "awsx/cli/profile_sources.hpp"
#include "awsx/config/config_files.hpp"

using namespace awsx;

namespace {

constexpr const char* config_text =
    "[profile base]\nregion = x\n"
    "[profile dev]\nrole_arn = arn:aws:iam::1:role/dev\nsource_profile = base\n"
    "[profile deep]\nrole_arn = arn:aws:iam::1:role/deep\nsource_profile = dev\n"
    "[profile ci]\nrole_arn = arn:aws:iam::1:role/ci\ncredential_source = Environment\n"
    "[profile web]\nrole_arn = arn:aws:iam::1:role/web\nweb_identity_token_file = /t\n"
    "[profile proc]\ncredential_process = /bin/true\n"
    "[profile sso]\nsso_session = corp\nsso_account_id = 1\nsso_role_name = r\n"
    "[profile file]\naws_access_key_id = AKIAFILE\naws_secret_access_key = s\n"
    "[profile hop]\nrole_arn = arn:aws:iam::1:role/hop\nsource_profile = hop2\n"
    "[profile hop2]\nrole_arn = arn:aws:iam::1:role/hop2\nsource_profile = base\n"
    "[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n"
    "[profile viaself]\nrole_arn = arn:aws:iam::1:role/v\nsource_profile = self\n"
    "[profile c1]\nrole_arn = arn:aws:iam::1:role/c1\nsource_profile = c2\n"
    "[profile c2]\nrole_arn = arn:aws:iam::1:role/c2\nsource_profile = c1\n"
    "[profile empty]\nregion = y\n"
    "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = "
    "eu-west-1\n";

config::ConfigFiles files() {
  return config::build(config_text, "/c",
                       "[creds]\naws_access_key_id = AKIAC\n"
                       "aws_secret_access_key = s\n",
                       "/k");
}

std::string shown(const std::string& profile) {
  return cli::describe(cli::planned_source(files(), profile, {"base", "self"}));
}

} // namespace

TEST(CliProfileSources, every_kind_is_described_as_list_shows_it) {
  EXPECT_EQ(shown("base"), "keys (keyring)");
  EXPECT_EQ(shown("creds"), "keys (credentials file)");
  EXPECT_EQ(shown("file"), "keys (config file)");
  EXPECT_EQ(shown("dev"), "role via base");
  EXPECT_EQ(shown("deep"), "role via dev");
  EXPECT_EQ(shown("ci"), "role via Environment");
  EXPECT_EQ(shown("self"), "role via self");
  EXPECT_EQ(shown("web"), "web-identity");
  EXPECT_EQ(shown("proc"), "process");
  EXPECT_EQ(shown("sso"), "sso");
  EXPECT_EQ(shown("empty"), "none");
  EXPECT_EQ(cli::planned_source(files(), "sso", {}).via, "corp");
  EXPECT_EQ(cli::planned_source(files(), "dev", {}).kind, "invalid");
}

TEST(CliProfileSources, profiles_rooted_at_follow_the_chains_ending_at_the_keys) {
  EXPECT_EQ(cli::profiles_rooted_at(files(), "base"),
            (std::vector<std::string>{"base", "deep", "dev", "hop", "hop2"}));
  EXPECT_EQ(cli::profiles_rooted_at(files(), "self"),
            (std::vector<std::string>{"self", "viaself"}));
  // A cycle makes no credentials, so no session.
  EXPECT_EQ(cli::profiles_rooted_at(files(), "c1"), (std::vector<std::string>{"c1"}));
  EXPECT_EQ(cli::profiles_rooted_at(files(), "nobody"), (std::vector<std::string>{"nobody"}));
}
