#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "awsx/creds/credential_process.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

using namespace awsx;

namespace {

// A command line that prints `json` on stdout; `json` must not contain a single quote.
std::string print(const std::string& json) {
  return "printf '%s' '" + json + "'";
}

// Runs credential_process `text` of profile "dev" interactively, as from a terminal.
aws::Credentials run(const std::string& text) {
  return creds::run_credential_process({"credential_process", text, "dev", "~/.aws/config:7"},
                                       {});
}

constexpr const char* full_json =
    R"({"Version": 1, "AccessKeyId": "ASIAPROC", "SecretAccessKey": "proc/secret", )"
    R"("SessionToken": "proc-token", "Expiration": "2026-01-02T03:04:05Z"})";

// Points file descriptor `fd` of this process at a temporary file until destroyed, so a
// test can see what a child inherited on it, or feed it input.
class Redirect {
public:
  Redirect(int fd, const std::string& content = {}) : fd_(fd) {
    char name[] = "/tmp/awsx-proc-XXXXXX";
    file_ = ::mkstemp(name);
    path_ = name;
    if (!content.empty() && ::write(file_, content.data(), content.size()) < 0)
      ADD_FAILURE() << "cannot write " << path_;
    ::lseek(file_, 0, SEEK_SET);
    std::fflush(nullptr);
    saved_ = ::dup(fd_);
    ::dup2(file_, fd_);
  }
  ~Redirect() {
    restore();
    ::close(file_);
    ::unlink(path_.c_str());
  }
  Redirect(const Redirect&) = delete;
  Redirect& operator=(const Redirect&) = delete;

  // Puts the original descriptor back and returns what was written to the file.
  std::string restore() {
    if (saved_ >= 0) {
      std::fflush(nullptr);
      ::dup2(saved_, fd_);
      ::close(saved_);
      saved_ = -1;
    }
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    ::lseek(file_, 0, SEEK_SET);
    while ((n = ::read(file_, buffer, sizeof buffer)) > 0)
      text.append(buffer, static_cast<std::size_t>(n));
    return text;
  }

private:
  int fd_;
  int file_ = -1;
  int saved_ = -1;
  std::string path_;
};

// The CredentialError that running `command` for profile "dev" throws.
CredentialError error_running(const std::string& command) {
  try {
    run(command);
  } catch (const CredentialError& e) {
    return e;
  }
  ADD_FAILURE() << "expected CredentialError from: " << command;
  return CredentialError("none");
}

} // namespace

TEST(CredentialProcess, full_output_gives_temporary_credentials) {
  const auto creds = run(print(full_json));
  EXPECT_EQ(creds.access_key_id, "ASIAPROC");
  EXPECT_EQ(creds.secret_access_key, "proc/secret");
  EXPECT_EQ(creds.session_token, "proc-token");
  ASSERT_TRUE(creds.expiration);
  EXPECT_EQ(*creds.expiration, *util::parse_iso8601("2026-01-02T03:04:05Z"));
}

TEST(CredentialProcess, session_token_and_expiration_are_optional) {
  const auto creds =
      run(print(R"({"Version": 1, "AccessKeyId": "AKIALONG", "SecretAccessKey": "s"})"));
  EXPECT_EQ(creds.access_key_id, "AKIALONG");
  EXPECT_FALSE(creds.temporary());
  EXPECT_FALSE(creds.expiration);
}

TEST(CredentialProcess, version_as_a_string_is_rejected_and_said_so) {
  const auto e =
      error_running(print(R"({"Version": "1", "AccessKeyId": "A", "SecretAccessKey": "s"})"));
  const std::string what = e.what();
  EXPECT_NE(what.find("profile dev"), std::string::npos) << what;
  EXPECT_NE(what.find("Version is the string \"1\""), std::string::npos) << what;
  EXPECT_EQ(e.code(), ExitCode::credentials);
}

TEST(CredentialProcess, version_2_is_rejected) {
  const std::string what =
      error_running(print(R"({"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"})"))
          .what();
  EXPECT_NE(what.find("Version 2 is not supported"), std::string::npos) << what;
}

TEST(CredentialProcess, non_zero_exit_names_the_status_and_the_program_only) {
  const auto e = error_running("sh -c 'exit 3' --token=SECRET-TOKEN");
  EXPECT_STREQ(e.what(), "profile dev: credential_process `sh` exited with status 3");
  EXPECT_EQ(e.hint(), "run the credential_process of profile dev (set at ~/.aws/config:7) by "
                      "hand to see what fails");
}

TEST(CredentialProcess, a_missing_program_is_named_with_where_it_is_set) {
  const auto e = error_running("/nonexistent/awsx-helper --json 2>/dev/null");
  EXPECT_STREQ(e.what(), "profile dev: credential_process `/nonexistent/awsx-helper` was not "
                         "found (set at ~/.aws/config:7)");
  EXPECT_NE(e.hint().find("no shell runs it"), std::string::npos) << e.hint();
}

TEST(CredentialProcess, death_by_signal_names_the_signal) {
  const std::string what = error_running("sh -c 'kill -TERM $$'").what();
  EXPECT_NE(what.find("killed by signal 15"), std::string::npos) << what;
}

TEST(CredentialProcess, bad_json_never_quotes_the_output) {
  const auto e = error_running(print(R"({"Version": 1, "SecretAccessKey": "LEAKED-SECRET")"));
  const std::string what = e.what();
  EXPECT_NE(what.find("profile dev"), std::string::npos) << what;
  EXPECT_NE(what.find("not a JSON object"), std::string::npos) << what;
  EXPECT_EQ(what.find("LEAKED-SECRET"), std::string::npos) << what;
  EXPECT_EQ(e.hint().find("LEAKED-SECRET"), std::string::npos);
}

TEST(CredentialProcess, missing_secret_key_is_named_without_quoting_secrets) {
  const std::string what =
      error_running(
          print(R"({"Version": 1, "AccessKeyId": "A", "SessionToken": "LEAKED-TOKEN"})"))
          .what();
  EXPECT_NE(what.find("profile dev"), std::string::npos) << what;
  EXPECT_NE(what.find("SecretAccessKey is missing"), std::string::npos) << what;
  EXPECT_EQ(what.find("LEAKED-TOKEN"), std::string::npos) << what;
}

TEST(CredentialProcess, empty_output_is_an_error) {
  const std::string what = error_running("true").what();
  EXPECT_NE(what.find("output is empty"), std::string::npos) << what;
}

TEST(CredentialProcess, stderr_goes_to_the_user_and_is_not_parsed) {
  Redirect stderr_capture(STDERR_FILENO);
  const auto creds = run(
      std::string("sh -c 'echo Touch your YubiKey >&2; printf %s \"$0\"' '") + full_json + "'");
  const auto seen = stderr_capture.restore();
  EXPECT_EQ(creds.access_key_id, "ASIAPROC");
  EXPECT_EQ(seen, "Touch your YubiKey\n");
}

TEST(CredentialProcess, stdin_is_the_users) {
  Redirect stdin_feed(STDIN_FILENO, full_json);
  const auto creds = run("cat");
  EXPECT_EQ(creds.access_key_id, "ASIAPROC");
}

TEST(CredentialProcess, oversized_output_is_capped) {
  const std::string what = error_running("head -c 200000 /dev/zero").what();
  EXPECT_NE(what.find("more than 64 KiB"), std::string::npos) << what;
}

TEST(CredentialProcess, endless_output_does_not_hang) {
  const std::string what = error_running("yes").what();
  EXPECT_NE(what.find("more than 64 KiB"), std::string::npos) << what;
}

TEST(CredentialProcessOutput, version_must_be_an_integer_one) {
  for (const char* version : {"1.0", "true", "null", "\"2\""}) {
    const auto result = creds::parse_credential_process_output(
        std::string(R"({"Version": )") + version +
        R"(, "AccessKeyId": "A", "SecretAccessKey": "s"})");
    EXPECT_FALSE(result) << version;
  }
  const auto missing =
      creds::parse_credential_process_output(R"({"AccessKeyId": "A", "SecretAccessKey": "s"})");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().find("Version is missing"), std::string::npos) << missing.error();
}

TEST(CredentialProcessOutput, version_beyond_int64_is_refused_not_thrown) {
  // fuzz/corpus/fuzz_json/crash-version-uint64.json: Poco::RangeException escaped.
  const auto result = creds::parse_credential_process_output(
      R"({"Version": 18446744073709551615, "AccessKeyId": "A", "SecretAccessKey": "s"})");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("Version 18446744073709551615 is not supported"),
            std::string::npos)
      << result.error();
}

TEST(CredentialProcessOutput, expiration_after_2262_is_accepted) {
  // fuzz/corpus/fuzz_json/crash-expiration-year-7377.json: the time overflowed.
  const auto result = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", )"
      R"("Expiration": "9999-12-31T23:59:59Z"})");
  ASSERT_TRUE(result) << result.error();
  EXPECT_EQ(util::format_iso8601_z(*result->expiration), "2262-04-11T23:47:16Z");
}

TEST(CredentialProcessOutput, unreadable_expiration_is_an_error) {
  const auto result = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Expiration": "tomorrow"})");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().find("Expiration \"tomorrow\""), std::string::npos)
      << result.error();
}

TEST(CredentialProcessOutput, fields_must_be_strings) {
  const auto number_key = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": 12, "SecretAccessKey": "s"})");
  ASSERT_FALSE(number_key);
  EXPECT_NE(number_key.error().find("AccessKeyId must be a non-empty string"),
            std::string::npos);
  const auto null_token = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "SessionToken": null})");
  ASSERT_TRUE(null_token) << null_token.error();
  EXPECT_FALSE(null_token->temporary());
}

TEST(CredentialProcessOutput, version_past_uint64_is_quoted_as_written) {
  // Poco wrapped 18446744073709551616 round to 0 and said "Version 0 is not supported".
  const auto result = creds::parse_credential_process_output(
      R"({"Version": 18446744073709551616, "AccessKeyId": "A", "SecretAccessKey": "s"})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "Version 18446744073709551616 is not supported; it must be 1");
}

TEST(CredentialProcessOutput, a_huge_number_in_another_field_is_no_reason_to_refuse) {
  // json.loads (botocore) reads these; Poco gave up on the whole document.
  for (const char* extra : {"123456789012345678901234567890", "1e400", "-1e400"}) {
    const auto result = creds::parse_credential_process_output(
        std::string(R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s", "Extra": )") +
        extra + "}");
    ASSERT_TRUE(result) << extra << ": " << result.error();
    EXPECT_EQ(result->access_key_id, "A");
  }
}

TEST(CredentialProcessOutput, bytes_after_the_object_are_refused) {
  // Poco took a trailing 0xff byte for the end of the input and accepted the document.
  for (const char* tail : {"\xff", " \xff", "\xff{\"x\":1}", " x", "{}"}) {
    const auto result = creds::parse_credential_process_output(
        std::string(R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "s"})") + tail);
    ASSERT_FALSE(result) << tail;
    EXPECT_EQ(result.error(), "the output is not a JSON object");
  }
}

TEST(CredentialProcessOutput, a_key_with_a_nul_is_another_key) {
  // Poco cut keys at a NUL, so "SecretAccessKey\u0000" counted as SecretAccessKey.
  const auto result = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": "A", "SecretAccessKey\u0000": "s"})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "SecretAccessKey is missing");
}

TEST(CredentialProcessOutput, duplicates_keep_the_last_value_and_null_counts_as_absent) {
  const auto last = creds::parse_credential_process_output(
      R"({"Version": 2, "Version": 1, "AccessKeyId": 5, "AccessKeyId": "B", "SecretAccessKey": "s"})");
  ASSERT_TRUE(last) << last.error();
  EXPECT_EQ(last->access_key_id, "B");
  const auto nulled = creds::parse_credential_process_output(
      R"({"Version": 1, "AccessKeyId": "B", "AccessKeyId": null, "SecretAccessKey": "s"})");
  ASSERT_FALSE(nulled);
  EXPECT_EQ(nulled.error(), "AccessKeyId is missing");
}

TEST(CredentialProcessOutput, invalid_utf8_is_refused_as_botocore_does) {
  const auto result = creds::parse_credential_process_output(
      "{\"Version\": 1, \"AccessKeyId\": \"A\xff\", \"SecretAccessKey\": \"s\"}");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), "the output is not a JSON object");
}
