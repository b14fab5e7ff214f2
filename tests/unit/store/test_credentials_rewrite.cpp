// Replacing a profile's keys in place: only the two values change, byte for byte.
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "awsx/store/credentials_rewrite.hpp"
#include "awsx/util/error.hpp"
#include "store/store_support.hpp"

namespace awsx::test {

namespace {

const aws::Credentials old_keys{"AKIAOLD0000000000001", "old/secret", "", std::nullopt};
const aws::Credentials new_keys{"AKIANEW0000000000002", "new+secret/longer", "", std::nullopt};

TEST(CredentialsRewrite, only_the_two_values_of_the_profile_change) {
  const std::string text = "[a]\naws_access_key_id = AKIAOLD0000000000001\n"
                           "aws_secret_access_key = old/secret\n\n[b]\n"
                           "aws_access_key_id=AKIAOLD0000000000001\n# c\n"
                           "aws_secret_access_key:old/secret \t\n";
  const auto out = store::replace_keys_in_text(text, "f", "b", false, old_keys, new_keys);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, "[a]\naws_access_key_id = AKIAOLD0000000000001\n"
                  "aws_secret_access_key = old/secret\n\n[b]\n"
                  "aws_access_key_id=AKIANEW0000000000002\n# c\n"
                  "aws_secret_access_key:new+secret/longer \t\n");
}

TEST(CredentialsRewrite, secret_first_and_lone_cr_line_ends) {
  const std::string text =
      "[b]\raws_secret_access_key = old/secret\raws_access_key_id = AKIAOLD0000000000001";
  const auto out = store::replace_keys_in_text(text, "f", "b", false, old_keys, new_keys);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(*out, "[b]\raws_secret_access_key = new+secret/longer\r"
                  "aws_access_key_id = AKIANEW0000000000002");
}

TEST(CredentialsRewrite, config_file_sections_are_profile_headed) {
  const std::string text = "[b]\nregion = x\n[profile b]\naws_access_key_id = "
                           "AKIAOLD0000000000001\naws_secret_access_key = old/secret\n";
  const auto out = store::replace_keys_in_text(text, "f", "b", true, old_keys, new_keys);
  ASSERT_TRUE(out) << out.error();
  EXPECT_EQ(out->substr(0, 27), "[b]\nregion = x\n[profile b]\n");
  EXPECT_NE(out->find("AKIANEW0000000000002"), std::string::npos);
}

TEST(CredentialsRewrite, refuses_what_it_cannot_replace_exactly) {
  const auto refuses = [](const std::string& text, const std::string& why) {
    const auto out = store::replace_keys_in_text(text, "f", "b", false, old_keys, new_keys);
    ASSERT_FALSE(out) << text;
    EXPECT_NE(out.error().find(why), std::string::npos) << out.error();
  };
  refuses("[a]\n", "no section of profile b");
  refuses("[DEFAULT]\naws_access_key_id = AKIAOLD0000000000001\n"
          "aws_secret_access_key = old/secret\n[b]\n",
          "does not itself hold aws_access_key_id");
  refuses("[b]\naws_access_key_id = AKIAOTHER00000000009\naws_secret_access_key = old/secret\n",
          "not the one-line value awsx read");
  refuses("[b]\naws_access_key_id = AKIAOLD0000000000001\naws_secret_access_key = old/secret\n"
          "  continued\n",
          "not the one-line value awsx read");
}

TEST(CredentialsRewrite, the_file_is_replaced_atomically_mode_0600_through_a_link) {
  StoreTempDir dir;
  const auto real = dir.path() / "real";
  const auto link = dir.path() / "credentials";
  const std::string text =
      "# keep me\n[b]\naws_access_key_id = AKIAOLD0000000000001\naws_secret_access_key = "
      "old/secret\n";
  std::ofstream(real) << text;
  ::chmod(real.c_str(), 0644);
  std::filesystem::create_symlink(real, link);
  store::replace_keys_in_file(link, "b", false, old_keys, new_keys);
  EXPECT_TRUE(std::filesystem::is_symlink(link));
  EXPECT_EQ(slurp(real), "# keep me\n[b]\naws_access_key_id = AKIANEW0000000000002\n"
                         "aws_secret_access_key = new+secret/longer\n");
  struct stat st {};
  ASSERT_EQ(::stat(real.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                          std::filesystem::directory_iterator()),
            2); // no temporary file left behind
  EXPECT_THROW(store::replace_keys_in_file(link, "b", false, old_keys, new_keys), StorageError);
  EXPECT_EQ(slurp(real).find("old/secret"), std::string::npos);
}

} // namespace

} // namespace awsx::test
