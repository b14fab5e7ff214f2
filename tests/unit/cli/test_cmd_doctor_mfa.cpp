#include <chrono>

#include <gtest/gtest.h>

#include "awsx/store/mfa_ledger.hpp"
#include "cli/handler_fixture.hpp"

namespace awsx::test {
namespace {

using namespace std::chrono_literals;
using CmdDoctorMfa = HandlerTest;

constexpr const char* mfa_config =
    "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev\nsource_profile = base\n"
    "mfa_serial = arn:aws:iam::111122223333:mfa/me\n[profile base]\nregion = eu-west-1\n";
constexpr const char* keys = "[base]\naws_access_key_id = AKIABASEBASEBASEBASE\n"
                             "aws_secret_access_key = base-secret\n";
const std::string serial = "arn:aws:iam::111122223333:mfa/me";

// The lines doctor prints about MFA device `serial`.
std::string device_lines(const std::string& out) {
  const auto at = out.find("MFA device:   ");
  if (at == std::string::npos)
    return "";
  const auto end = out.find("\n\n", at);
  return out.substr(at, end - at);
}

TEST_F(CmdDoctorMfa, shows_when_a_code_of_the_device_was_last_accepted) {
  files(mfa_config, keys);
  EXPECT_EQ(device_lines(awsx({"doctor", "dev"}).out),
            "MFA device:   " + serial + "\n              no code of it accepted on record");

  const auto ledger = store::MfaLedger::in_cache_of(t.env);
  ledger.record(serial, t.clock.now() - 3min - 5s);
  auto r = awsx({"doctor", "dev"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(device_lines(r.out), "MFA device:   " + serial +
                                     "\n              last code accepted at "
                                     "2026-11-21T23:56:55Z (3m ago); a new one can be "
                                     "asked for now");
  ledger.record(serial, t.clock.now() + 10s); // in the step the clock stands in
  EXPECT_NE(device_lines(awsx({"doctor", "dev"}).out).find("in the next 30-second step"),
            std::string::npos);
  r = awsx({"doctor", "dev", "--json"});
  EXPECT_NE(r.out.find("\"mfa_devices\": [\n    {\n      \"serial\": \"" + serial +
                       "\",\n      \"last_accepted\": \"2026-11-22T00:00:10Z\"\n    }\n  ]"),
            std::string::npos)
      << r.out;
}

TEST_F(CmdDoctorMfa, a_profile_without_mfa_lists_no_device) {
  files("[profile base]\nregion = eu-west-1\n", keys);
  const auto r = awsx({"doctor", "base", "--no-session"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("MFA device:"), std::string::npos);
  EXPECT_NE(awsx({"doctor", "base", "--json"}).out.find("\"mfa_devices\": [\n\n  ]"),
            std::string::npos);
}

} // namespace
} // namespace awsx::test
