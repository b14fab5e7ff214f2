#include <gtest/gtest.h>

#include <csignal>

#include <sys/resource.h>

#include "awsx/store/errors.hpp"
#include "awsx/store/file_header.hpp"
#include "awsx/store/file_keyring.hpp"
#include "awsx/store/private_files.hpp"
#include "store_support.hpp"

namespace awsx::test {
namespace {

namespace fs = std::filesystem;
using store::CorruptEntry;
using store::FileKeyring;

FileKeyring open_in(const fs::path& dir, const std::string& passphrase = "correct horse") {
  return FileKeyring(dir, std::make_unique<FixedPassphrase>(passphrase), fast_scrypt);
}

void overwrite(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// Runs `action`, expecting a StorageError that is not a CorruptEntry; returns it.
template <typename Action> StorageError storage_error_from(Action action) {
  try {
    action();
  } catch (const CorruptEntry& e) {
    ADD_FAILURE() << "a CorruptEntry where a plain StorageError belongs: " << e.what();
    return e;
  } catch (const StorageError& e) {
    return e;
  }
  ADD_FAILURE() << "no StorageError";
  return StorageError("none");
}

class FileKeyringFailures : public ::testing::Test {
protected:
  StoreTempDir tmp_;
  fs::path dir_ = tmp_.path() / "keyring";
};

TEST_F(FileKeyringFailures, a_wrong_passphrase_is_named_and_changes_nothing) {
  auto keyring = open_in(dir_);
  keyring.set("credentials/prod", "secret-1");
  keyring.set("session/abc", "secret-2");
  const auto before = snapshot(dir_);

  for (int operation = 0; operation < 4; ++operation) {
    auto wrong = open_in(dir_, "battery staple");
    const auto error = storage_error_from([&] {
      switch (operation) {
      case 0: wrong.get("credentials/prod"); break;
      case 1: wrong.set("credentials/prod", "overwritten"); break;
      case 2: wrong.remove("session/abc"); break;
      default: wrong.list(""); break;
      }
    });
    EXPECT_EQ(std::string(error.what()),
              "wrong passphrase for the awsx file keyring in " + dir_.string());
    EXPECT_NE(error.hint().find("AWSX_FILE_PASSPHRASE"), std::string::npos);
    EXPECT_EQ(error.code(), ExitCode::storage);
  }
  EXPECT_EQ(snapshot(dir_), before);
  EXPECT_EQ(open_in(dir_).get("credentials/prod"), "secret-1");
}

TEST_F(FileKeyringFailures, a_truncated_or_altered_entry_is_corrupt_and_can_be_removed) {
  auto keyring = open_in(dir_);
  keyring.set("session/abc", "{\"token\":\"t\"}");
  const auto file = dir_ / keyring.file_for("session/abc");
  const auto good = slurp(file);

  for (const auto& bad : {good.substr(0, good.size() - 1), good.substr(0, 10), std::string(),
                          good.substr(0, good.size() - 1) + "\x01"}) {
    overwrite(file, bad);
    EXPECT_THROW(keyring.get("session/abc"), CorruptEntry) << bad.size() << " bytes";
  }
  // The session cache's recovery: discard the damaged entry and carry on.
  EXPECT_TRUE(keyring.remove("session/abc"));
  EXPECT_EQ(keyring.get("session/abc"), std::nullopt);
}

TEST_F(FileKeyringFailures, an_entry_copied_over_another_name_is_corrupt) {
  auto keyring = open_in(dir_);
  keyring.set("credentials/dev", "dev-secret");
  keyring.set("credentials/prod", "prod-secret");
  fs::copy_file(dir_ / keyring.file_for("credentials/dev"),
                dir_ / keyring.file_for("credentials/prod"),
                fs::copy_options::overwrite_existing);
  EXPECT_THROW(keyring.get("credentials/prod"), CorruptEntry);
  EXPECT_EQ(keyring.get("credentials/dev"), "dev-secret");
  // A damaged entry has no name to list, and does not hide the others.
  EXPECT_EQ(keyring.list(""), std::vector<std::string>{"credentials/dev"});
}

TEST_F(FileKeyringFailures, a_damaged_header_is_a_storage_error_not_a_corrupt_entry) {
  open_in(dir_).set("credentials/prod", "v");
  overwrite(dir_ / store::header_file, "awsx file keyring 1\nscrypt 40 8 1\n");
  const auto error = storage_error_from([&] { open_in(dir_).get("credentials/prod"); });
  EXPECT_NE(std::string(error.what()).find("damaged"), std::string::npos) << error.what();
}

// Makes every write past `bytes` fail with EFBIG (instead of killing the process with
// SIGXFSZ) for one scope, as a full disk would make it fail with ENOSPC.
class FileSizeLimit {
public:
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &saved_);
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, old_handler_);
  }

private:
  rlimit saved_{};
  void (*old_handler_)(int) = nullptr;
};

TEST_F(FileKeyringFailures, a_failed_write_keeps_the_old_secret_and_leaves_no_temp_file) {
  auto keyring = open_in(dir_);
  keyring.set("session/abc", "old");
  const auto before = snapshot(dir_);
  {
    const FileSizeLimit limit(64);
    const auto error =
        storage_error_from([&] { keyring.set("session/abc", std::string(4096, 'n')); });
    EXPECT_NE(std::string(error.what()).find(dir_.string()), std::string::npos) << error.what();
    EXPECT_NE(error.hint().find("free some space"), std::string::npos) << error.hint();
    EXPECT_EQ(std::string(error.what()).find("nnnn"), std::string::npos);
  }
  EXPECT_EQ(snapshot(dir_), before);
  EXPECT_EQ(keyring.get("session/abc"), "old");
  for (const auto& entry : fs::directory_iterator(dir_))
    EXPECT_NE(entry.path().filename().string().rfind(store::temp_prefix, 0), 0U)
        << entry.path();
}

TEST_F(FileKeyringFailures, a_file_where_the_folder_belongs_is_named_in_the_error) {
  overwrite(dir_, "not a folder");
  const auto error = storage_error_from([&] { open_in(dir_).set("session/abc", "v"); });
  EXPECT_EQ(std::string(error.what()), dir_.string() + " is not a folder");
}

} // namespace
} // namespace awsx::test
