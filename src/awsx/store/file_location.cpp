#include "awsx/store/file_location.hpp"

#include "awsx/store/session_cache.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

namespace fs = std::filesystem;

// The XDG base folder named by `variable`, or `fallback` under HOME; the XDG spec says
// relative values are invalid and must be ignored.
fs::path xdg_base(const util::Environment& env, const char* variable, const char* fallback) {
  if (auto value = env.get_nonempty(variable); value && fs::path(*value).is_absolute())
    return *value;
  auto home = env.get_nonempty("HOME");
  if (!home)
    throw StorageError(std::string("cannot place awsx's files: neither ") + variable +
                           " nor HOME is set",
                       std::string("set HOME or ") + variable + " to an absolute path");
  return fs::path(*home) / fallback;
}

} // namespace

fs::path file_keyring_dir(const util::Environment& env, Purpose purpose) {
  const bool keys = purpose == Purpose::credentials;
  if (auto dir = env.get_nonempty("AWSX_FILE_DIR"))
    return fs::path(*dir) / (keys ? "keyring" : "sessions");
  if (keys)
    return xdg_base(env, "XDG_DATA_HOME", ".local/share") / "awsx" / "keyring";
  return cache_dir(env) / "sessions";
}

fs::path cache_dir(const util::Environment& env) {
  return xdg_base(env, "XDG_CACHE_HOME", ".cache") / "awsx";
}

fs::path lock_path(const util::Environment& env, const std::string& session_name) {
  const auto digest = digest_of_session_name(session_name);
  if (digest.empty())
    throw StorageError("cannot lock \"" + session_name + "\": it is not a session's name",
                       "this is a bug in awsx; please report it");
  return cache_dir(env) / "locks" / (digest + ".lock");
}

} // namespace awsx::store
