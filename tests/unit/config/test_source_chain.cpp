// The one source_profile walker: its own stopping rules, and the planner's rule over it.
#include <gtest/gtest.h>

#include <deque>
#include <map>

#include "awsx/config/config_files.hpp"
#include "awsx/config/source_chain.hpp"
#include "awsx/creds/planned_chain.hpp"

using namespace awsx;

namespace {

// A walker rule over "name -> source" links, recording the `top` flags it was asked with.
struct Links {
  std::map<std::string, config::Setting> next;
  std::vector<bool> tops;

  config::SourceChain walk(const std::string& start) {
    return config::source_chain(start, [this](const std::string& name, bool top) {
      tops.push_back(top);
      const auto it = next.find(name);
      return it == next.end() ? nullptr : &it->second;
    });
  }
};

config::Setting source(const std::string& value, int line) {
  return config::Setting{.value = value, .line = line};
}

config::SourceChain planned(const std::string& config, const std::string& start) {
  // The chain's closing setting points into the files: they must outlive it.
  static std::deque<config::ConfigFiles> kept;
  kept.push_back(config::build(config, "/c", "", "/k"));
  return creds::planned_chain(kept.back(), start);
}

} // namespace

TEST(ConfigSourceChain, follows_a_straight_chain_to_its_end) {
  Links links{{{"a", source("b", 1)}, {"b", source("c", 2)}}, {}};
  const auto chain = links.walk("a");
  EXPECT_EQ(chain.profiles, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_FALSE(chain.cycles());
  EXPECT_EQ(chain.cycle_path(), "");
  EXPECT_EQ(links.tops, (std::vector<bool>{true, false, false}));
}

TEST(ConfigSourceChain, a_cycle_stops_at_the_setting_that_closes_it) {
  Links links{{{"a", source("b", 1)}, {"b", source("c", 2)}, {"c", source("b", 3)}}, {}};
  const auto chain = links.walk("a");
  EXPECT_EQ(chain.profiles, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(chain.cycles());
  EXPECT_EQ(chain.closing->line, 3);
  EXPECT_EQ(chain.cycle_path(), "a -> b -> c -> b");
  EXPECT_FALSE(chain.returns_to_start());
  EXPECT_FALSE(chain.ends_in_itself());

  const auto from_b = links.walk("b");
  EXPECT_EQ(from_b.cycle_path(), "b -> c -> b");
  EXPECT_TRUE(from_b.returns_to_start());
}

TEST(ConfigSourceChain, a_profile_naming_itself_closes_on_itself) {
  Links links{{{"a", source("b", 1)}, {"b", source("b", 2)}}, {}};
  const auto chain = links.walk("a");
  EXPECT_EQ(chain.profiles, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(chain.ends_in_itself());
  EXPECT_EQ(chain.cycle_path(), "a -> b -> b");

  Links self{{{"a", source("a", 1)}}, {}};
  EXPECT_TRUE(self.walk("a").ends_in_itself());
  EXPECT_TRUE(self.walk("a").returns_to_start());
}

TEST(ConfigSourceChain, the_planner_rule_stops_at_a_source_with_static_keys) {
  const std::string config = "[profile a]\nrole_arn = arn:a\nsource_profile = b\n"
                             "[profile b]\nrole_arn = arn:b\nsource_profile = a\n"
                             "aws_access_key_id = AKIAB\n";
  // From a, b's keys end the chain: no cycle.
  const auto from_a = planned(config, "a");
  EXPECT_EQ(from_a.profiles, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(from_a.cycles());
  // From b, b is asked for, so its role_arn counts; a is a role without keys: a cycle.
  const auto from_b = planned(config, "b");
  EXPECT_EQ(from_b.cycle_path(), "b -> a -> b");
  EXPECT_TRUE(from_b.returns_to_start());
}

TEST(ConfigSourceChain, the_planner_rule_follows_no_profile_without_a_role) {
  const std::string config = "[profile a]\nsource_profile = b\n"
                             "[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /t\n"
                             "source_profile = b\n"
                             "[profile c]\nrole_arn = arn:c\nsource_profile = b\n"
                             "credential_source = Environment\n";
  EXPECT_EQ(planned(config, "a").profiles, (std::vector<std::string>{"a"}));
  EXPECT_EQ(planned(config, "w").profiles, (std::vector<std::string>{"w"}));
  EXPECT_EQ(planned(config, "c").profiles, (std::vector<std::string>{"c"}));
}

TEST(ConfigSourceChain, a_missing_profile_ends_the_chain) {
  const std::string config = "[profile a]\nrole_arn = arn:a\nsource_profile = gone\n";
  const auto chain = planned(config, "a");
  EXPECT_EQ(chain.profiles, (std::vector<std::string>{"a", "gone"}));
  EXPECT_FALSE(chain.cycles());
  EXPECT_EQ(planned(config, "nowhere").profiles, (std::vector<std::string>{"nowhere"}));
}
