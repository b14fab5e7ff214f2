#include <gtest/gtest.h>

#include <chrono>

#include "awsx/store/file_keyring.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "store_support.hpp"

namespace awsx::test {
namespace {

namespace fs = std::filesystem;
using store::open_keyring;
using store::Purpose;
using util::MapEnvironment;

TEST(OpenKeyring, an_unknown_backend_lists_the_valid_ones) {
  const MapEnvironment env{{"AWSX_BACKEND", "gnome"}};
  try {
    open_keyring(env, Purpose::credentials);
    FAIL() << "no StorageError";
  } catch (const StorageError& e) {
    EXPECT_EQ(std::string(e.what()), "unknown keyring backend AWSX_BACKEND=\"gnome\"");
    EXPECT_NE(e.hint().find("secret-service, keyctl or file"), std::string::npos) << e.hint();
    EXPECT_EQ(e.code(), ExitCode::storage);
  }
}

TEST(OpenKeyring, the_named_backend_is_used) {
  StoreTempDir tmp;
  const MapEnvironment file_env{{"AWSX_BACKEND", "file"},
                                {"AWSX_FILE_DIR", tmp.path().string()}};
  EXPECT_EQ(open_keyring(file_env, Purpose::sessions)->backend(), "file");
  const MapEnvironment keyctl_env{{"AWSX_BACKEND", "keyctl"}};
  EXPECT_EQ(open_keyring(keyctl_env, Purpose::sessions)->backend(), "keyctl");
}

TEST(OpenKeyring, secret_service_without_a_session_bus_fails_at_once) {
  const MapEnvironment env{{"AWSX_BACKEND", "secret-service"}, {"HOME", "/nonexistent"}};
  const auto start = std::chrono::steady_clock::now();
  try {
    open_keyring(env, Purpose::credentials);
    FAIL() << "no StorageError";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("DBUS_SESSION_BUS_ADDRESS"), std::string::npos);
    EXPECT_NE(e.hint().find("AWSX_BACKEND=file"), std::string::npos) << e.hint();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
}

TEST(OpenKeyring, without_a_session_bus_auto_detection_picks_keyctl_else_file) {
  StoreTempDir tmp;
  const MapEnvironment env{{"AWSX_FILE_DIR", tmp.path().string()}};
  const auto start = std::chrono::steady_clock::now();
  const auto keyring = open_keyring(env, Purpose::sessions);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(50));
  EXPECT_EQ(keyring->backend(), store::keyctl_unavailable() ? "file" : "keyctl");
}

// A desktop's session bus must not cost the cached exec a D-Bus round trip: sessions
// go to the kernel keyring whenever it works, bus or no bus.
TEST(OpenKeyring, sessions_prefer_keyctl_even_with_a_session_bus) {
  if (auto why = store::keyctl_unavailable())
    GTEST_FAIL() << *why << "; run the unit tests where keyctl works (not in a seccomp sandbox)";
  StoreTempDir tmp;
  // The address is never dialled for sessions; for keys it is, and fails fast.
  const MapEnvironment env{{"AWSX_FILE_DIR", tmp.path().string()},
                           {"DBUS_SESSION_BUS_ADDRESS", "unix:path=" + tmp.path().string() + "/none"}};
  EXPECT_EQ(open_keyring(env, Purpose::sessions)->backend(), "keyctl");
  EXPECT_EQ(open_keyring(env, Purpose::credentials)->backend(), "keyctl");
}

TEST(OpenKeyring, file_backend_keeps_the_two_purposes_apart) {
  StoreTempDir tmp;
  const MapEnvironment env{{"AWSX_BACKEND", "file"},
                           {"AWSX_FILE_DIR", tmp.path().string()},
                           {"AWSX_FILE_PASSPHRASE", "correct horse"}};
  auto keys = open_keyring(env, Purpose::credentials);
  auto sessions = open_keyring(env, Purpose::sessions);
  keys->set("credentials/prod", "long-term");
  EXPECT_EQ(sessions->get("credentials/prod"), std::nullopt);
  EXPECT_EQ(keys->get("credentials/prod"), "long-term");
  EXPECT_TRUE(fs::exists(tmp.path() / "keyring" / "header"));
  EXPECT_FALSE(fs::exists(tmp.path() / "sessions"));
}

TEST(FileLocation, xdg_folders_and_their_defaults) {
  const MapEnvironment home{{"HOME", "/home/u"}};
  EXPECT_EQ(store::file_keyring_dir(home, Purpose::credentials),
            "/home/u/.local/share/awsx/keyring");
  EXPECT_EQ(store::file_keyring_dir(home, Purpose::sessions), "/home/u/.cache/awsx/sessions");
  const MapEnvironment xdg{
      {"HOME", "/home/u"}, {"XDG_DATA_HOME", "/d"}, {"XDG_CACHE_HOME", "/c"}};
  EXPECT_EQ(store::file_keyring_dir(xdg, Purpose::credentials), "/d/awsx/keyring");
  EXPECT_EQ(store::file_keyring_dir(xdg, Purpose::sessions), "/c/awsx/sessions");
}

TEST(FileLocation, relative_xdg_folders_are_ignored_as_the_spec_says) {
  const MapEnvironment env{
      {"HOME", "/home/u"}, {"XDG_DATA_HOME", "rel"}, {"XDG_CACHE_HOME", ""}};
  EXPECT_EQ(store::file_keyring_dir(env, Purpose::credentials),
            "/home/u/.local/share/awsx/keyring");
  EXPECT_EQ(store::file_keyring_dir(env, Purpose::sessions), "/home/u/.cache/awsx/sessions");
}

TEST(FileLocation, awsx_file_dir_overrides_both) {
  const MapEnvironment env{{"HOME", "/home/u"}, {"AWSX_FILE_DIR", "/t"}};
  EXPECT_EQ(store::file_keyring_dir(env, Purpose::credentials), "/t/keyring");
  EXPECT_EQ(store::file_keyring_dir(env, Purpose::sessions), "/t/sessions");
}

TEST(FileLocation, no_home_is_a_storage_error) {
  EXPECT_THROW(store::file_keyring_dir(MapEnvironment{}, Purpose::credentials), StorageError);
}

} // namespace
} // namespace awsx::test
