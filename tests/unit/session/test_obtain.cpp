#include "awsx/session/obtain.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "awsx/session/lookup.hpp"
#include "awsx/store/keyring_keys.hpp"
#include "awsx/store/private_dirs.hpp"
#include "cli/context_fixture.hpp"
#include "support/fakes.hpp"

namespace awsx::test {
namespace {

const char* const fresh_expiry = "2026-11-22T06:00:00Z"; // 6 h after the test clock

class Obtain : public ContextTest {
protected:
  creds::Session obtain(const creds::CredentialOptions& options) {
    return session::obtain(options, t.context());
  }

  const std::map<std::string, std::string>& cached() {
    return t.keyrings.entries(store::Purpose::sessions)->items;
  }

  // The name the session of keyring-only profile `vault` is cached under.
  std::string vault_session_name() {
    creds::CredentialOptions vault;
    vault.profile = "vault";
    const auto files = config::load(t.env);
    return *session::lookup_cached(vault, files, t.env, t.clock, [] {
              return std::make_unique<MemoryKeyring>();
            }).name;
  }
};

TEST_F(Obtain, a_cached_session_comes_from_the_sessions_keyring_alone) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.keyrings.opened = 0;
  const auto session = obtain(dev);
  EXPECT_EQ(session.credentials.access_key_id, "ASIACACHEDCACHEDCACH");
  EXPECT_EQ(session.profile, "dev");
  EXPECT_EQ(t.keyrings.opened, 1); // the sessions keyring; not the long-term one
  EXPECT_EQ(t.transports.made, 0);
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(Obtain, a_miss_fetches_through_the_context_transport_and_caches_the_session) {
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", fresh_expiry));
  const auto session = obtain(dev);
  EXPECT_EQ(session.credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  ASSERT_EQ(t.transports.fake.requests.size(), 1u);
  EXPECT_EQ(t.transports.fake.requests[0].host, "sts.eu-west-1.amazonaws.com");
  ASSERT_EQ(cached().count(dev_session_name()), 1u);
  // The next run finds it: no second request.
  EXPECT_EQ(obtain(dev).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);
  EXPECT_EQ(t.err.str(), "");
}

TEST_F(Obtain, no_cache_fetches_and_leaves_the_keyrings_alone) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.keyrings.opened = 0;
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", fresh_expiry));
  dev.no_cache = true;
  EXPECT_EQ(obtain(dev).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_EQ(t.keyrings.opened, 0);
  EXPECT_EQ(cached().size(), 1u); // the earlier session, untouched
}

TEST_F(Obtain, a_corrupt_entry_is_replaced_with_a_warning) {
  t.keyrings.entries(store::Purpose::sessions)->items[dev_session_name()] = "{not json";
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", fresh_expiry));
  EXPECT_EQ(obtain(dev).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_NE(t.err.str().find("awsx: warning: "), std::string::npos) << t.err.str();
  const auto saved = store::decode_session(cached().at(dev_session_name()));
  ASSERT_TRUE(saved);
  EXPECT_EQ(saved->credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
}

TEST_F(Obtain, a_damaged_entry_is_replaced_with_a_warning) {
  cache_dev_session("ASIACACHEDCACHEDCACH");
  t.keyrings.entries(store::Purpose::sessions)->corrupt.insert(dev_session_name());
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", fresh_expiry));
  EXPECT_EQ(obtain(dev).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  EXPECT_NE(t.err.str().find("awsx: warning: discarding a corrupt cached session: "),
            std::string::npos)
      << t.err.str();
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);
}

// The MFA guard sits between obtain and the MFA source: a --mfa-token in the step of the
// code STS just accepted is refused before a request, and a prompt waits for the next code.
TEST_F(Obtain, a_code_is_never_sent_twice_and_a_prompt_waits_for_the_next_one) {
  std::ofstream(dir.path() / "config", std::ios::app)
      << "\n[profile mfa]\nrole_arn = arn:aws:iam::111122223333:role/mfa\n"
         "source_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n"
         "duration_seconds = 43200\n"; // direct: more than 1h
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFIRSTFIRSTFIRSTF", fresh_expiry));
  creds::CredentialOptions mfa;
  mfa.profile = "mfa";
  mfa.mfa_token = "123456";
  mfa.no_cache = true;
  EXPECT_EQ(obtain(mfa).credentials.access_key_id, "ASIAFIRSTFIRSTFIRSTF");
  EXPECT_THROW(obtain(mfa), CredentialError);
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);

  mfa.mfa_token.clear(); // asked for instead: the fake source answers, after a wait
  t.mfa.code = "654321";
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIASECONDSECONDSECO", fresh_expiry));
  EXPECT_EQ(obtain(mfa).credentials.access_key_id, "ASIASECONDSECONDSECO");
  ASSERT_EQ(t.slept.size(), 1u);
  EXPECT_EQ(t.slept[0], std::chrono::seconds(31)) << "a whole step at a step's start, and 1 s";
}

// Roles of at most 1h behind one MFA device: the first makes a 12-hour MFA session with
// the code (GetSessionToken), cached under the keys' profile; every such role is then
// assumed with it, the hook's renewal (--no-prompt) included, without another code.
TEST_F(Obtain, short_roles_share_one_code_through_a_cached_mfa_session) {
  std::ofstream(dir.path() / "config", std::ios::app)
      << "\n[profile one]\nrole_arn = arn:aws:iam::111122223333:role/one\n"
         "source_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n"
         "\n[profile two]\nrole_arn = arn:aws:iam::111122223333:role/two\n"
         "source_profile = base\nmfa_serial = arn:aws:iam::111122223333:mfa/me\n";
  auto& sts = t.transports.fake;
  sts.answer(200, sts_credentials_xml("GetSessionToken", "ASIAMFASESSIONMFASES", fresh_expiry));
  sts.answer(200, sts_credentials_xml("AssumeRole", "ASIAONEONEONEONEONEO", fresh_expiry));
  sts.answer(200, sts_credentials_xml("AssumeRole", "ASIATWOTWOTWOTWOTWOT", fresh_expiry));
  sts.answer(200, sts_credentials_xml("AssumeRole", "ASIATWOAGAINTWOAGAIN", fresh_expiry));
  t.mfa.code = "654321";
  creds::CredentialOptions one, two;
  one.profile = "one";
  two.profile = "two";
  t.keyrings.opened = 0;
  EXPECT_EQ(obtain(one).credentials.access_key_id, "ASIAONEONEONEONEONEO");
  EXPECT_EQ(t.keyrings.opened, 1) << "the MFA session is cached in the keyring obtain opened";
  EXPECT_EQ(obtain(two).credentials.access_key_id, "ASIATWOTWOTWOTWOTWOT");
  two.no_prompt = true; // the hook's renewal, which may not ask, once two's session is gone
  auto& sessions = t.keyrings.entries(store::Purpose::sessions)->items;
  for (auto it = sessions.begin(); it != sessions.end();)
    it = it->first.rfind("session/two/", 0) == 0 ? sessions.erase(it) : std::next(it);
  EXPECT_EQ(obtain(two).credentials.access_key_id, "ASIATWOAGAINTWOAGAIN");

  const auto& sent = sts.requests;
  ASSERT_EQ(sent.size(), 4u);
  EXPECT_NE(sent[0].body.find("Action=GetSessionToken&"), std::string::npos);
  EXPECT_NE(sent[0].body.find("DurationSeconds=43200"), std::string::npos);
  EXPECT_NE(sent[0].body.find("TokenCode=654321"), std::string::npos);
  EXPECT_NE(sent[0].header("Authorization").find("Credential=AKIABASEBASEBASEBASE/"),
            std::string::npos);
  for (std::size_t i = 1; i < sent.size(); ++i) {
    EXPECT_NE(sent[i].body.find("Action=AssumeRole&"), std::string::npos) << i;
    EXPECT_EQ(sent[i].body.find("TokenCode"), std::string::npos) << i;
    EXPECT_NE(sent[i].header("Authorization").find("Credential=ASIAMFASESSIONMFASES/"),
              std::string::npos)
        << i;
    EXPECT_EQ(sent[i].header("X-Amz-Security-Token"), "token-ASIAMFASESSIONMFASES") << i;
  }
  int under_base = 0;
  for (const auto& [name, value] : cached())
    under_base += name.rfind("session/base/", 0) == 0 ? 1 : 0;
  EXPECT_EQ(under_base, 1) << "the MFA session is cached as the keys' profile's session";
}

// A sessions keyring that can't be used safely is a warning: the session is fetched and
// not kept.
TEST_F(Obtain, an_unsafe_cache_folder_fetches_without_the_cache) {
  class UnsafeSessions final : public cli::KeyringOpener {
  public:
    explicit UnsafeSessions(MemoryKeyrings& real) : real_(real) {}
    std::unique_ptr<store::Keyring> open(store::Purpose purpose) override {
      if (purpose == store::Purpose::sessions)
        throw store::UnsafeFolder("/tmp/cache is writable by others", "chmod 700 /tmp/cache");
      return real_.open(purpose);
    }

  private:
    MemoryKeyrings& real_;
  } unsafe(t.keyrings);
  t.transports.fake.answer(
      200, sts_credentials_xml("AssumeRole", "ASIAFRESHFRESHFRESHF", fresh_expiry));
  std::vector<std::string> warnings;
  session::Services services{
      t.env,        t.clock, unsafe,
      t.transports, t.mfa,   [&](const std::string& line) { warnings.push_back(line); }};
  EXPECT_EQ(session::obtain(dev, services).credentials.access_key_id, "ASIAFRESHFRESHFRESHF");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "running without the session cache: /tmp/cache is writable by "
                         "others; chmod 700 /tmp/cache");
  EXPECT_TRUE(cached().empty());
}

// The decision for a keyring-only profile whose keys were removed behind awsx's back (by
// keyctl, secret-tool, another AWSX_BACKEND): both programs serve its cached session
// until it expires or `awsx remove`/`clear` forgets it, since a hit never reads the
// long-term keyring. Fetching a new one then fails: with no section and no keys, there is
// no such profile.
TEST_F(Obtain, a_keyring_only_profile_keeps_its_session_when_its_keys_go) {
  creds::CredentialOptions vault;
  vault.profile = "vault";
  t.transports.fake.answer(
      200, sts_credentials_xml("GetSessionToken", "ASIAVAULTSESSIONAAAA", fresh_expiry));
  EXPECT_EQ(obtain(vault).credentials.access_key_id, "ASIAVAULTSESSIONAAAA");
  ASSERT_EQ(cached().count(vault_session_name()), 1u);

  t.keyrings.entries(store::Purpose::credentials)->items.clear();
  EXPECT_EQ(obtain(vault).credentials.access_key_id, "ASIAVAULTSESSIONAAAA");
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);

  t.keyrings.entries(store::Purpose::sessions)->items.clear();
  try {
    obtain(vault);
    FAIL() << "a session was made without keys";
  } catch (const ConfigError& e) {
    EXPECT_EQ(std::string(e.what()).find("profile \"vault\" not found in "), 0u) << e.what();
  }
  EXPECT_EQ(t.transports.fake.requests.size(), 1u);
}

} // namespace
} // namespace awsx::test
