#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <stdlib.h>

#include "awsx/store/crypto.hpp"
#include "awsx/store/passphrase.hpp"

namespace awsx::test {

// A scratch folder removed with everything in it when the test ends.
class StoreTempDir {
public:
  StoreTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "awsx-store-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~StoreTempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  StoreTempDir(const StoreTempDir&) = delete;
  StoreTempDir& operator=(const StoreTempDir&) = delete;

  // The folder's path.
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

// A passphrase source that answers `value` and counts how often it was asked.
class FixedPassphrase final : public store::PassphraseSource {
public:
  explicit FixedPassphrase(std::string value, int* asked = nullptr)
      : value_(std::move(value)), asked_(asked) {}
  std::string passphrase(const std::filesystem::path&, bool) override {
    if (asked_ != nullptr)
      ++*asked_;
    return value_;
  }

private:
  std::string value_;
  int* asked_;
};

// The cheapest scrypt cost the store accepts, so the many tests that open stores stay fast.
inline constexpr store::ScryptParams fast_scrypt{10, 8, 1};

// The bytes of `path`.
inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Every regular file under `dir` (relative path -> bytes), to prove nothing changed.
inline std::map<std::string, std::string> snapshot(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
    if (entry.is_regular_file())
      files[std::filesystem::relative(entry.path(), dir).string()] = slurp(entry.path());
  return files;
}

} // namespace awsx::test
