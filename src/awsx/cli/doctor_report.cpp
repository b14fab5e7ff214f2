#include "awsx/cli/doctor_report.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <set>
#include <sstream>

#include "awsx/cli/login_rules.hpp"
#include "awsx/cli/profile_sources.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/planned_chain.hpp"
#include "awsx/creds/source_kind.hpp"
#include "awsx/process/helper.hpp"
#include "awsx/store/mfa_ledger.hpp"
#include "awsx/util/shell_words.hpp"
#include "awsx/util/time.hpp"

namespace awsx::cli {

namespace {

// The program of credential_process `command` without its arguments, which may hold a
// token; the config file shows them to whoever may see them.
std::string program_only(const std::string& command) {
  const auto words = util::shell_split(command);
  if (!words || words->empty())
    return "(cannot be split into words)";
  return process::program_label(words->front()) +
         (words->size() > 1 ? " (its arguments are not shown)" : "");
}

// The access key id of keys `base`, or "": only what looks like one is shown, since a
// secret key put in the wrong field must not be printed.
std::string shown_key_id(const creds::BaseCredentials& base) {
  const bool shown = base.kind == creds::SourceKind::keys &&
                     aws::looks_like_access_key_id(base.keys.access_key_id);
  return shown ? base.keys.access_key_id : "";
}

std::string describe_base(const creds::BaseCredentials& base) {
  using creds::SourceKind;
  const std::string of = base.profile.empty() ? "" : " of profile " + base.profile;
  switch (base.kind) {
  case SourceKind::keys:
    return std::string(base.long_term() ? "long-term keys" : "session credentials") + of +
           " from " + base.origin +
           (shown_key_id(base).empty() ? "" : " (" + shown_key_id(base) + ")");
  case SourceKind::container: return "container credentials from " + base.origin;
  case SourceKind::instance_metadata: return "EC2 instance role credentials (IMDSv2)";
  case SourceKind::process:
    return "credential_process" + of + " (" + base.origin + "): " + program_only(base.command);
  case SourceKind::sso:
    return "IAM Identity Center role " + base.sso.role_name + " in account " +
           base.sso.account_id + of + " (" +
           (base.sso.session.empty() ? base.sso.start_url : "sso-session " + base.sso.session) +
           ")";
  case SourceKind::web_identity: return "web identity token" + of + " from " + base.token_file;
  }
  return "unknown";
}

std::string duration_text(int seconds) {
  return std::to_string(seconds) + "s (" +
         util::format_remaining(std::chrono::seconds(seconds)) + ")";
}

std::string mfa_text(const std::string& serial, const std::string& process,
                     const std::string& owner) {
  if (serial.empty())
    return "MFA: none";
  return "MFA: " + serial + (owner.empty() ? "" : " (mfa_serial of profile " + owner + ")") +
         "; code from --mfa-token, else " +
         (process.empty() ? "a prompt on /dev/tty" : "mfa_process");
}

// The profile whose mfa_serial a step uses: its own, or the source it inherited it from.
std::string mfa_owner(const creds::RoleStep& step, const creds::Plan& plan,
                      const config::ConfigFiles& files) {
  const auto* own = step.profile.empty() ? nullptr : files.profile(step.profile);
  if (own != nullptr && own->get("mfa_serial"))
    return step.profile;
  return plan.base.profile;
}

// True when `stored` (may be null) holds keys for `profile`. A store that cannot be read
// counts as holding none: the lint must not fail the explanation it comes after.
bool has_stored_keys(creds::StoredKeys* stored, const std::string& profile) {
  try {
    return stored != nullptr && stored->find(profile).has_value();
  } catch (const StorageError&) {
    return false;
  }
}

Poco::JSON::Array json_strings(const std::vector<std::string>& items) {
  Poco::JSON::Array array;
  for (const auto& item : items)
    array.add(item);
  return array;
}

} // namespace

DoctorReport explain_plan(const creds::Plan& plan, const config::ConfigFiles& files,
                          const std::string& endpoint, const std::string& endpoint_origin,
                          creds::StoredKeys* stored) {
  DoctorReport report;
  report.profile = plan.profile;
  report.chain = plan.chain;
  report.steps.push_back({"credentials", describe_base(plan.base), {}});
  report.source_kind = creds::source_kind_name(plan.base.kind);
  report.source_profile = plan.base.profile;
  report.source_key_id = shown_key_id(plan.base);
  if (plan.mfa_session) {
    const auto& step = *plan.mfa_session;
    report.steps.push_back({"GetSessionToken",
                            "the MFA session of profile " + plan.base.profile +
                                ", cached: one code for every role of at most 1h until it ends",
                            {"duration: " + duration_text(step.duration_seconds),
                             mfa_text(step.mfa_serial, step.mfa_process, plan.base.profile),
                             "why: " + plan.mfa_path}});
  }
  for (std::size_t i = 0; i < plan.roles.size(); ++i) {
    const auto& step = plan.roles[i];
    const bool web = i == 0 && plan.base.kind == creds::SourceKind::web_identity;
    DoctorStep out{web ? "AssumeRoleWithWebIdentity" : "AssumeRole", step.role_arn, {}};
    if (!step.profile.empty())
      out.details.push_back("role of profile " + step.profile);
    else
      out.details.push_back("ad-hoc role from --role-arn");
    out.details.push_back(web ? "signed by: nothing (the web identity token is the proof)"
                          : i == 0 && plan.mfa_session
                              ? "signed by: the MFA session (role chaining, which caps it at "
                                "1h: the role asks for no more)"
                          : step.chained
                              ? "signed by: temporary credentials, so this is role chaining"
                              : "signed by: the long-term keys directly (not role chaining)");
    const auto seconds = step.duration_seconds.value_or(0);
    out.details.push_back("duration: " + duration_text(seconds) + ", " + step.duration_origin);
    if (i == 0 && plan.mfa_session)
      out.details.push_back("MFA: the MFA session's (step above)");
    else if (!web)
      out.details.push_back(
          mfa_text(step.mfa_serial, step.mfa_process, mfa_owner(step, plan, files)));
    if (i == 0 && !plan.mfa_session && !plan.mfa_path.empty())
      out.details.push_back("MFA path: direct, not through an MFA session: " +
                            plan.mfa_path);
    out.details.push_back("session name: " + creds::session_name_of(step));
    if (!step.external_id.empty())
      out.details.push_back("external id: set");
    report.steps.push_back(std::move(out));
  }
  if (plan.session_token) {
    const auto& step = *plan.session_token;
    report.steps.push_back(
        {"GetSessionToken",
         "a session for the long-term keys, so they are never handed to the command",
         {"duration: " + duration_text(step.duration_seconds),
          mfa_text(step.mfa_serial, step.mfa_process, plan.base.profile)}});
  }
  if (plan.roles.empty() && !plan.session_token)
    report.steps.push_back({"none", "the credentials are used as they are", {}});
  report.region = plan.region.empty() ? "us-east-1 for STS; none for the command" : plan.region;
  report.region_origin = plan.region_origin;
  report.endpoint = endpoint;
  report.endpoint_origin = endpoint_origin;
  report.login = login_summary(plan);
  report.warnings = plan.warnings;
  report.lint = config::lint_unknown_keys(files);
  const auto more = lint_profiles(files, stored);
  report.lint.insert(report.lint.end(), more.begin(), more.end());
  return report;
}

std::vector<std::string> mfa_serials(const creds::Plan& plan) {
  std::vector<std::string> serials;
  auto add = [&](const std::string& serial) {
    if (!serial.empty() && std::find(serials.begin(), serials.end(), serial) == serials.end())
      serials.push_back(serial);
  };
  if (plan.mfa_session)
    add(plan.mfa_session->mfa_serial);
  for (const auto& step : plan.roles)
    add(step.mfa_serial);
  if (plan.session_token)
    add(plan.session_token->mfa_serial);
  return serials;
}

std::vector<config::LintFinding> lint_profiles(const config::ConfigFiles& files,
                                               creds::StoredKeys* stored) {
  std::vector<config::LintFinding> findings;
  std::set<std::string> used;
  for (const auto& [name, section] : files.profiles)
    if (auto source = section.get("source_profile"))
      used.insert(*source);
  for (const auto& [name, section] : files.profiles) {
    // The planner's walk decides what a cycle is: a source with keys of its own ends a
    // chain, and a profile may name itself for keys of its own (stored ones included).
    if (const auto chain = creds::planned_chain(files, name);
        chain.returns_to_start() && !chain.ends_in_itself()) {
      const auto* setting = section.find("source_profile");
      findings.push_back(
          {*setting->file, setting->line, "source_profile cycle: " + chain.cycle_path()});
    }
    // The keyring is asked last, and only about these, so it is rarely opened.
    if (planned_source(files, name, {}).kind == "none" && used.count(name) == 0 &&
        name != "default" && !has_stored_keys(stored, name))
      findings.push_back({*section.file, section.line,
                          "profile " + name + " has no credentials and no profile uses it"});
  }
  return findings;
}

std::string render_text(const DoctorReport& report) {
  std::ostringstream out;
  out << "Profile: " << (report.profile.empty() ? "(ambient credentials)" : report.profile);
  if (report.chain.size() > 1) {
    out << "  (chain:";
    for (const auto& p : report.chain)
      out << " " << p;
    out << ")";
  }
  out << "\n\nSteps:\n";
  int n = 1;
  for (const auto& step : report.steps) {
    out << "  " << n++ << ". " << step.action << ": " << step.summary << "\n";
    for (const auto& detail : step.details)
      out << "       " << detail << "\n";
  }
  out << "\nRegion:       " << report.region << " (" << report.region_origin << ")\n";
  out << "STS endpoint: " << report.endpoint << " (" << report.endpoint_origin << ")\n";
  out << "awsx login:   " << report.login << "\n";
  for (const auto& device : report.mfa_devices) {
    out << "\nMFA device:   " << device.serial << "\n              ";
    if (!device.last_accepted)
      out << "no code of it accepted on record\n";
    else
      out << "last code accepted at " << util::format_iso8601_z(*device.last_accepted) << " ("
          << util::format_remaining(std::chrono::duration_cast<std::chrono::seconds>(
                 report.now - *device.last_accepted))
          << " ago); a new one can be asked for "
          << (store::mfa_step_of(report.now) == store::mfa_step_of(*device.last_accepted)
                  ? "in the next 30-second step"
                  : "now")
          << "\n";
  }
  for (const auto& warning : report.warnings)
    out << "\nwarning: " << warning << "\n";
  out << "\nConfig lint:" << (report.lint.empty() ? " no findings\n" : "\n");
  for (const auto& finding : report.lint)
    out << "  " << finding.file << ":" << finding.line << ": " << finding.message << "\n";
  return out.str();
}

std::string render_json(const DoctorReport& report) {
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  doc.set("profile", report.profile);
  doc.set("chain", json_strings(report.chain));
  Poco::JSON::Object source(Poco::JSON_PRESERVE_KEY_ORDER);
  source.set("kind", report.source_kind);
  source.set("profile", report.source_profile);
  source.set("access_key_id", report.source_key_id);
  doc.set("source", source);
  Poco::JSON::Array steps;
  for (const auto& step : report.steps) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("action", step.action);
    item.set("summary", step.summary);
    item.set("details", json_strings(step.details));
    steps.add(item);
  }
  doc.set("steps", steps);
  Poco::JSON::Object region(Poco::JSON_PRESERVE_KEY_ORDER);
  region.set("value", report.region);
  region.set("origin", report.region_origin);
  doc.set("region", region);
  Poco::JSON::Object endpoint(Poco::JSON_PRESERVE_KEY_ORDER);
  endpoint.set("url", report.endpoint);
  endpoint.set("origin", report.endpoint_origin);
  doc.set("sts_endpoint", endpoint);
  doc.set("login", report.login);
  Poco::JSON::Array devices;
  for (const auto& device : report.mfa_devices) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("serial", device.serial);
    if (device.last_accepted)
      item.set("last_accepted", util::format_iso8601_z(*device.last_accepted));
    else
      item.set("last_accepted", Poco::Dynamic::Var());
    devices.add(item);
  }
  doc.set("mfa_devices", devices);
  doc.set("warnings", json_strings(report.warnings));
  Poco::JSON::Array lint;
  for (const auto& f : report.lint) {
    Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
    item.set("file", f.file);
    item.set("line", f.line);
    item.set("message", f.message);
    lint.add(item);
  }
  doc.set("lint", lint);
  std::ostringstream out;
  doc.stringify(out, 2);
  out << "\n";
  return out.str();
}

} // namespace awsx::cli
