#pragma once

#include <optional>
#include <string>
#include <vector>

#include "awsx/config/lint.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::cli {

// One line of the chain doctor explains: what happens, and details under it.
struct DoctorStep {
  std::string action; // "credentials", "AssumeRole", "GetSessionToken", ...
  std::string summary;
  std::vector<std::string> details; // "duration: 43200s (12h00m), duration_seconds in ..."
};

// An MFA device the plan asks a code of, and when STS last accepted one of its codes.
struct DoctorMfaDevice {
  std::string serial;
  std::optional<util::TimePoint> last_accepted; // nullopt: none on record
};

// Everything `awsx doctor` prints, computed without any network call.
struct DoctorReport {
  std::string profile;
  std::vector<std::string> chain;
  // Where the first credentials come from, for scripts: a kind ("keys", "container",
  // "instance-metadata", "process", "sso", "web-identity"), the profile that holds them
  // ("" for ambient ones) and, for keys, the access key id (never a secret).
  std::string source_kind;
  std::string source_profile;
  std::string source_key_id;
  std::vector<DoctorStep> steps;
  std::string region;
  std::string region_origin;
  std::string endpoint;
  std::string endpoint_origin;
  std::vector<std::string> warnings;
  std::vector<config::LintFinding> lint;
  std::string login; // what `awsx login` would send the federation endpoint
  std::vector<DoctorMfaDevice> mfa_devices; // filled by the caller, which reads the record
  util::TimePoint now;                      // for "… ago"
};

// The MFA devices `plan` asks codes of, in order, each once.
std::vector<std::string> mfa_serials(const creds::Plan& plan);

// Explains `plan`, which reaches STS at `endpoint` (chosen by `endpoint_origin`), in steps;
// the lint counts keys in `stored` (none when null) as credentials.
DoctorReport explain_plan(const creds::Plan& plan, const config::ConfigFiles& files,
                          const std::string& endpoint, const std::string& endpoint_origin,
                          creds::StoredKeys* stored = nullptr);

// Lint findings for `files` beyond unknown keys: source_profile cycles and profiles that
// no other profile uses and that have no credentials, neither in the files nor in `stored`
// (asked only about those profiles; none when null).
std::vector<config::LintFinding> lint_profiles(const config::ConfigFiles& files,
                                               creds::StoredKeys* stored = nullptr);

// `report` as readable text.
std::string render_text(const DoctorReport& report);

// `report` as a JSON document for scripts.
std::string render_json(const DoctorReport& report);

} // namespace awsx::cli
