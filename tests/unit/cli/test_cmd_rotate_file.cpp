// awsx rotate with keys in the credentials file: replaced in place, byte for byte, and
// put back when the new key never works.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "cli/rotate_fixture.hpp"

namespace awsx::test {

namespace {

const std::string old_id = "AKIAOLDKEY0000000001";
const std::string new_id = "AKIANEWKEY0000000002";

class RotateFile : public RotateTest {
protected:
  // Queues the answers of a rotation up to and including CreateAccessKey.
  void answer_until_created() {
    t.transports.fake.answer(200, get_user_xml());
    t.transports.fake.answer(200, list_keys_xml({old_id}));
    t.transports.fake.answer(200, created_key_xml(new_id));
  }
};

// The credentials file as a user keeps it: comments, odd spacing, other profiles, CRLF.
const std::string credentials_text =
    "# my keys\r\n[other]\r\naws_access_key_id = AKIAOTHERPROFILE0001\r\n"
    "aws_secret_access_key = other/secret\r\n\r\n[dev]   ; inline\r\n"
    "aws_access_key_id=" +
    old_id +
    "   \r\n"
    ";  a comment between\r\n"
    "aws_secret_access_key :\told/secret+x  \r\nregion = eu-west-1\r\n";

TEST_F(RotateFile, keys_in_the_credentials_file_change_in_place_and_nothing_else) {
  files("", credentials_text);
  ::chmod(credentials_path().c_str(), 0644);
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"dev", "--no-session"}), 0) << error;
  std::string expected = credentials_text;
  expected.replace(expected.find(old_id), old_id.size(), new_id);
  expected.replace(expected.find("old/secret+x"), 12, "new/secret+" + new_id);
  EXPECT_EQ(slurp(credentials_path()), expected);
  struct stat st {};
  ASSERT_EQ(::stat(credentials_path().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(signer(1), old_id);
}

TEST_F(RotateFile, a_file_key_that_never_works_is_put_back_byte_for_byte) {
  files("", credentials_text);
  answer_until_created();
  for (int i = 0; i < 6; ++i)
    t.transports.fake.answer(403, aws_error_xml("InvalidClientTokenId"));
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  t.transports.fake.answer(200, list_keys_xml({old_id}));
  EXPECT_NE(rotate({"dev", "--no-session"}), 0);
  EXPECT_EQ(slurp(credentials_path()), credentials_text);
  EXPECT_NE(error.find("is back in " + credentials_path()), std::string::npos) << error;
}

TEST_F(RotateFile, keys_inherited_from_default_are_refused_before_anything_changes) {
  files("", "[DEFAULT]\naws_access_key_id = " + old_id +
                "\naws_secret_access_key = s\n[dev]\n"
                "region = eu-west-1\n");
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::config));
  EXPECT_NE(error.find("does not itself hold aws_access_key_id"), std::string::npos) << error;
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(RotateFile, other_profiles_with_a_copy_of_the_old_key_are_named) {
  files("", "[dev]\naws_access_key_id = " + old_id +
                "\naws_secret_access_key = s\n[copy]\n"
                "aws_access_key_id = " +
                old_id + "\naws_secret_access_key = s\n");
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"dev", "--no-session"}), 0) << error;
  EXPECT_NE(t.err.str().find(credentials_path() +
                             ":5: profile copy holds a copy of the deleted "
                             "key " +
                             old_id),
            std::string::npos)
      << t.err.str();
  EXPECT_NE(slurp(credentials_path()).find("[copy]\naws_access_key_id = " + old_id),
            std::string::npos);
}

} // namespace

} // namespace awsx::test
