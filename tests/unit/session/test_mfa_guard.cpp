#include "awsx/session/mfa_guard.hpp"

#include <sys/stat.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "awsx/store/private_files.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"
#include "store/store_support.hpp"
#include "support/fakes.hpp"

namespace awsx::session {
namespace {

using namespace std::chrono_literals;

const std::string serial = "arn:aws:iam::111122223333:mfa/alice";
const creds::MfaRequest request{serial, "prod", ""};

// 10 s into a 30-second step: 2026-11-29T09:00:10Z.
const util::TimePoint ten_into_a_step =
    util::TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 11 / 29}) + 9h + 10s;

class MfaGuardTest : public ::testing::Test {
protected:
  MfaGuard guard(MfaGuardSettings settings = {}) {
    return MfaGuard(
        inner, store::MfaLedger(dir.path() / "mfa"), clock, settings,
        [this](std::chrono::milliseconds d) { slept.push_back(d); },
        [this](const std::string& line) { warnings.push_back(line); });
  }
  store::MfaLedger ledger() { return store::MfaLedger(dir.path() / "mfa"); }

  test::StoreTempDir dir;
  test::FakeMfa inner{"654321"};
  util::FixedClock clock{ten_into_a_step};
  std::vector<std::chrono::milliseconds> slept;
  std::vector<std::string> warnings;
};

TEST_F(MfaGuardTest, an_accepted_code_records_when_it_was_shown_and_nothing_of_the_code) {
  auto g = guard();
  EXPECT_EQ(g.code(request), "654321");
  EXPECT_FALSE(ledger().last_accepted(serial)) << "asked is not used";
  g.accepted(request);
  EXPECT_EQ(ledger().last_accepted(serial), ten_into_a_step);
  EXPECT_EQ(inner.used.size(), 1u);
  EXPECT_TRUE(slept.empty());
  EXPECT_TRUE(warnings.empty());
  // The record holds a time, not the code, in a 0600 file of a 0700 folder.
  for (const auto& entry : std::filesystem::directory_iterator(dir.path() / "mfa")) {
    if (entry.path().extension() != ".time")
      continue;
    const auto text =
        store::read_private_file(dir.path() / "mfa", entry.path().filename().string());
    EXPECT_EQ(text, "2026-11-29T09:00:10+00:00\n");
    struct stat st {};
    ASSERT_EQ(::stat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
  }
  struct stat st {};
  ASSERT_EQ(::stat((dir.path() / "mfa").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

TEST_F(MfaGuardTest, in_the_step_of_the_last_accepted_code_it_waits_for_the_next_one) {
  ledger().record(serial, ten_into_a_step - 8s); // at 09:00:02, in the same step
  auto g = guard();
  EXPECT_EQ(g.code(request), "654321");
  ASSERT_EQ(slept.size(), 1u);
  EXPECT_EQ(slept[0], 21s) << "the 20 s to 09:00:30, and one more for the device's clock";
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "waiting 21s for the next MFA code of " + serial +
                             ": the last one was accepted at 09:00:02 UTC, and STS rejects a "
                             "code used twice");
  EXPECT_EQ(inner.asked.size(), 1u);
}

TEST_F(MfaGuardTest, a_code_accepted_in_an_earlier_step_costs_no_wait) {
  ledger().record(serial, ten_into_a_step - 11s); // 08:59:59, the step before
  EXPECT_EQ(guard().code(request), "654321");
  EXPECT_TRUE(slept.empty());
  ledger().record(serial, ten_into_a_step - 20s);                        // 09:00:00
  ledger().record("arn:aws:iam::111122223333:mfa/bob", ten_into_a_step); // another device
  const creds::MfaRequest bobs{"arn:aws:iam::111122223333:mfa/carol", "dev", ""};
  EXPECT_EQ(guard().code(bobs), "654321");
  EXPECT_TRUE(slept.empty());
}

TEST_F(MfaGuardTest, a_given_token_in_the_step_of_the_last_accepted_code_fails_at_once) {
  ledger().record(serial, ten_into_a_step - 8s);
  auto g = guard({.code_given = true});
  try {
    g.code(request);
    FAIL() << "a code that STS would reject was sent";
  } catch (const CredentialError& e) {
    EXPECT_EQ(e.code(), ExitCode::credentials);
    EXPECT_EQ(std::string(e.what()),
              "the --mfa-token code can't be a new one: a code of MFA device " + serial +
                  " was accepted at 09:00:02 UTC, in this same 30-second step, and STS "
                  "rejects a code used twice");
    EXPECT_EQ(e.hint(), "wait 21s for the next code and pass that one");
  }
  EXPECT_TRUE(slept.empty());
}

TEST_F(MfaGuardTest, one_run_at_a_time_asks_for_a_code_of_a_device) {
  auto first = guard();
  first.code(request); // holds the device's lock until STS answers
  auto second = guard({.lock_timeout = 200ms});
  EXPECT_THROW(second.code(request), store::LockTimeout);
  first.accepted(request);
  auto third = guard({.lock_timeout = 200ms});
  EXPECT_EQ(third.code(request), "654321"); // the lock is free again; the step is used,
  EXPECT_EQ(slept.size(), 1u);              // so it waited for the next code first
}

TEST_F(MfaGuardTest, a_run_that_may_not_ask_passes_through_untouched) {
  ledger().record(serial, ten_into_a_step - 8s);
  auto g = guard({.may_prompt = false});
  EXPECT_EQ(g.code(request), "654321");
  EXPECT_TRUE(slept.empty());
  EXPECT_FALSE(std::filesystem::exists(ledger().lock_path(serial)));
}

TEST_F(MfaGuardTest, an_unsafe_ledger_folder_is_skipped_without_a_second_warning) {
  // The folder above is writable by others and not sticky: anyone could swap the ledger.
  // The session cache or lock in the same folder has said so already: no second warning.
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  auto g = guard({.lock_timeout = 200ms});
  EXPECT_EQ(g.code(request), "654321");
  g.accepted(request);
  EXPECT_TRUE(warnings.empty());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "mfa" / "x")) << "nothing recorded";
  ASSERT_EQ(::chmod(dir.path().c_str(), 0700), 0);
  EXPECT_FALSE(ledger().last_accepted(serial));
}

TEST_F(MfaGuardTest, a_malformed_given_code_is_reported_as_such_first) {
  ledger().record(serial, ten_into_a_step - 8s);
  test::FakeMfa bad{""}; // the inner source rejects what it was given
  MfaGuard g(
      bad, ledger(), clock, {.code_given = true},
      [this](std::chrono::milliseconds d) { slept.push_back(d); },
      [this](const std::string& line) { warnings.push_back(line); });
  try {
    g.code(request);
    FAIL();
  } catch (const CredentialError& e) {
    EXPECT_EQ(std::string(e.what()), "MFA code needed for " + serial) << "the inner error";
  }
}

} // namespace
} // namespace awsx::session
