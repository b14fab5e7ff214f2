#include "awsx/store/mfa_ledger.hpp"

#include "awsx/store/file_location.hpp"
#include "awsx/store/private_dirs.hpp"
#include "awsx/store/private_files.hpp"
#include "awsx/util/sha256.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::store {

namespace {

// The file name for device `serial`: a digest, since an ARN holds '/' and ':'.
std::string file_of(const std::string& serial) {
  return util::sha256_hex("mfa-device;" + serial).substr(0, 32);
}

} // namespace

long long mfa_step_of(util::TimePoint when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count() /
         mfa_step.count();
}

MfaLedger MfaLedger::in_cache_of(const util::Environment& env) {
  return MfaLedger(cache_dir(env) / "mfa");
}

std::optional<util::TimePoint> MfaLedger::last_accepted(const std::string& serial) const {
  check_private_dir(dir_);
  const auto text = read_private_file(dir_, file_of(serial) + ".time");
  if (!text)
    return std::nullopt;
  return util::parse_iso8601(std::string(util::trim(*text)));
}

void MfaLedger::record(const std::string& serial, util::TimePoint shown) const {
  ensure_private_dir(dir_);
  replace_private_file(dir_, file_of(serial) + ".time", util::format_iso8601(shown) + "\n");
}

std::filesystem::path MfaLedger::lock_path(const std::string& serial) const {
  return dir_ / (file_of(serial) + ".lock");
}

} // namespace awsx::store
