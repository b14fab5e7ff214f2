#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <functional>

#include "awsx/store/file_keyring.hpp"
#include "awsx/store/private_dirs.hpp"
#include "store_support.hpp"

namespace awsx::test {
namespace {

namespace fs = std::filesystem;
using store::check_private_dir;
using store::ensure_private_dir;
using store::UnsafeFolder;

// The uid of "nobody": another user, for folders that must not be trusted.
constexpr uid_t other_uid = 65534;

// Makes `path` (a folder, or with `link` a symbolic link) belong to another user; needs root.
void give_away(const fs::path& path, bool link = false) {
  ASSERT_EQ(::geteuid(), 0U) << "this test runs as root, to chown to another user";
  ASSERT_EQ(link ? ::lchown(path.c_str(), other_uid, other_uid)
                 : ::chown(path.c_str(), other_uid, other_uid),
            0)
      << path;
}

void make_dir(const fs::path& path, mode_t mode) {
  fs::create_directories(path);
  ASSERT_EQ(::chmod(path.c_str(), mode), 0) << path;
}

// What `body` threw as an UnsafeFolder: its message and hint, or "no UnsafeFolder".
std::string unsafe_from(const std::function<void()>& body) {
  try {
    body();
  } catch (const UnsafeFolder& e) {
    return std::string(e.what()) + "\nhint: " + e.hint();
  }
  return "no UnsafeFolder";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PrivateDirs, a_folder_under_an_other_writable_parent_is_refused_and_not_made) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "open", 0777);
  const auto dir = tmp.path() / "open" / "cache" / "awsx";
  const auto message = unsafe_from([&] { ensure_private_dir(dir); });
  EXPECT_TRUE(contains(message, dir.string())) << message;
  EXPECT_TRUE(contains(message, (tmp.path() / "open").string() +
                                    " is writable by its group and others (mode 0777)"))
      << message;
  EXPECT_TRUE(contains(message, "chmod go-w '" + (tmp.path() / "open").string() + "'"))
      << message;
  EXPECT_FALSE(fs::exists(tmp.path() / "open" / "cache"));
  EXPECT_TRUE(contains(unsafe_from([&] { check_private_dir(dir); }), "mode 0777"));
}

TEST(PrivateDirs, a_group_writable_parent_is_refused_too) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "team", 0775);
  ASSERT_EQ(::chown((tmp.path() / "team").c_str(), ::geteuid(), other_uid), 0);
  const auto message = unsafe_from([&] { ensure_private_dir(tmp.path() / "team" / "awsx"); });
  EXPECT_TRUE(contains(message, "is writable by its group (mode 0775)")) << message;
}

TEST(PrivateDirs, a_parent_writable_only_by_the_users_own_private_group_is_trusted) {
  // umask 002 with a group per user makes ~/.cache 0775; only the user is in that group.
  StoreTempDir tmp;
  ASSERT_EQ(::geteuid(), 0U) << "root's group root is its own private group here";
  make_dir(tmp.path() / "home" / ".cache", 0775);
  ASSERT_EQ(::chown((tmp.path() / "home" / ".cache").c_str(), 0, 0), 0);
  EXPECT_NO_THROW(ensure_private_dir(tmp.path() / "home" / ".cache" / "awsx"));
  make_dir(tmp.path() / "open", 0777);
  EXPECT_TRUE(contains(unsafe_from([&] { ensure_private_dir(tmp.path() / "open" / "awsx"); }),
                       "mode 0777"))
      << "others may still never write";
}

TEST(PrivateDirs, a_parent_owned_by_another_user_is_refused) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "theirs", 0755);
  give_away(tmp.path() / "theirs");
  const auto message = unsafe_from([&] { ensure_private_dir(tmp.path() / "theirs" / "awsx"); });
  EXPECT_TRUE(contains(message, (tmp.path() / "theirs").string() +
                                    " is a folder of another user (uid 65534)"))
      << message;
  EXPECT_FALSE(fs::exists(tmp.path() / "theirs" / "awsx"));
}

TEST(PrivateDirs, a_sticky_parent_of_ours_or_roots_is_trusted_like_tmp) {
  StoreTempDir tmp; // itself below /tmp, which is root's, sticky and world-writable
  make_dir(tmp.path() / "shared", 01777);
  const auto dir = tmp.path() / "shared" / "mine" / "awsx";
  EXPECT_NO_THROW(ensure_private_dir(dir));
  EXPECT_TRUE(fs::is_directory(dir));
}

TEST(PrivateDirs, a_sticky_parent_of_another_user_is_refused) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "their-tmp", 01777);
  give_away(tmp.path() / "their-tmp");
  const auto message =
      unsafe_from([&] { ensure_private_dir(tmp.path() / "their-tmp" / "awsx"); });
  EXPECT_TRUE(contains(message, "uid 65534")) << message;
}

TEST(PrivateDirs, the_folder_itself_must_be_ours) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "awsx", 0700);
  give_away(tmp.path() / "awsx");
  const auto message = unsafe_from([&] { ensure_private_dir(tmp.path() / "awsx"); });
  EXPECT_TRUE(contains(message, "belongs to another user (uid 65534)")) << message;
  EXPECT_TRUE(contains(unsafe_from([&] { check_private_dir(tmp.path() / "awsx"); }),
                       "belongs to another user"));
}

TEST(PrivateDirs, links_of_ours_are_followed_and_what_they_reach_is_checked) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "real", 0755);
  fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  ensure_private_dir(tmp.path() / "link" / "awsx");
  EXPECT_TRUE(fs::is_directory(tmp.path() / "real" / "awsx"));

  make_dir(tmp.path() / "open", 0777);
  fs::create_directory_symlink("open/inner", tmp.path() / "to-open");
  const auto message =
      unsafe_from([&] { ensure_private_dir(tmp.path() / "to-open" / "awsx"); });
  EXPECT_TRUE(contains(message, (tmp.path() / "open").string() + " is writable")) << message;
  EXPECT_FALSE(fs::exists(tmp.path() / "open" / "inner"));
}

TEST(PrivateDirs, a_link_owned_by_another_user_is_refused_even_to_a_good_place) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "real", 0700);
  fs::create_directory_symlink(tmp.path() / "real", tmp.path() / "link");
  give_away(tmp.path() / "link", true);
  const auto message = unsafe_from([&] { ensure_private_dir(tmp.path() / "link" / "awsx"); });
  EXPECT_TRUE(contains(message, (tmp.path() / "link").string() +
                                    " is a symbolic link of another user (uid 65534)"))
      << message;
}

TEST(PrivateDirs, dot_dot_after_a_link_is_the_links_targets_parent_as_the_kernel_has_it) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "a" / "b", 0700);
  make_dir(tmp.path() / "open", 0777);
  fs::create_directory_symlink(tmp.path() / "a" / "b", tmp.path() / "open" / "link");
  // Lexically this is <tmp>/open/x, under the open folder; for the kernel it is <tmp>/a/x.
  // The check refuses the open folder the link sits in, which the kernel passes through.
  EXPECT_TRUE(contains(
      unsafe_from([&] { ensure_private_dir(tmp.path() / "open" / "link" / ".." / "x"); }),
      "mode 0777"));
  fs::create_directory_symlink(tmp.path() / "a" / "b", tmp.path() / "link");
  ensure_private_dir(tmp.path() / "link" / ".." / "x");
  EXPECT_TRUE(fs::is_directory(tmp.path() / "a" / "x"));
  EXPECT_FALSE(fs::exists(tmp.path() / "x"));
}

TEST(PrivateDirs, a_folder_that_cannot_be_made_says_what_to_do) {
  // Even root may not make a folder in /sys (EPERM, or EROFS where it is mounted so).
  try {
    ensure_private_dir("/sys/awsx-test/awsx");
    FAIL() << "a folder was made in /sys";
  } catch (const StorageError& e) {
    EXPECT_TRUE(contains(e.what(), "cannot create the folder /sys/awsx-test")) << e.what();
    EXPECT_EQ(e.hint(), "make /sys writable by you (it should be yours, mode 0700)");
  }
}

TEST(PrivateDirs, checking_a_missing_folder_creates_nothing) {
  StoreTempDir tmp;
  EXPECT_NO_THROW(check_private_dir(tmp.path() / "not" / "yet"));
  EXPECT_FALSE(fs::exists(tmp.path() / "not"));
}

TEST(PrivateDirs, the_file_keyring_neither_writes_nor_reads_below_an_unsafe_folder) {
  StoreTempDir tmp;
  make_dir(tmp.path() / "open", 0777);
  store::FileKeyring keyring(tmp.path() / "open" / "keyring",
                             std::make_unique<FixedPassphrase>("correct horse"), fast_scrypt);
  EXPECT_THROW(keyring.set("credentials/prod", "secret"), UnsafeFolder);
  EXPECT_FALSE(fs::exists(tmp.path() / "open" / "keyring"));
  EXPECT_THROW(keyring.get("credentials/prod"), UnsafeFolder);
  EXPECT_THROW(keyring.list(""), UnsafeFolder);
}

} // namespace
} // namespace awsx::test
