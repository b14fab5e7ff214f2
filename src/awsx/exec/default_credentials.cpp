#include "awsx/exec/default_credentials.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "awsx/config/config_files.hpp"

namespace awsx::exec {

namespace {

// Every key botocore's providers above the container one look for (EnvProvider aside),
// and the JS SDK's fromIni/fromSSO/fromProcess: one of them in profile default makes the
// SDK use (or fail on) the profile instead of reaching the endpoint.
constexpr std::array<std::string_view, 16> credential_keys = {
    "aws_access_key_id",
    "aws_secret_access_key",
    "aws_session_token",
    "aws_security_token",
    "role_arn",
    "source_profile",
    "credential_source",
    "web_identity_token_file",
    "credential_process",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "sso_registration_scopes",
    "login_session",
};

bool defines_default(const config::Section& section, bool config_file) {
  if (!config_file)
    return section.name == "default";
  return config::profile_of_config_header(section.name) ==
         std::optional<std::string>("default");
}

// The sections whose credential keys profile default sees: its own, and [DEFAULT] when
// a section of its own exists (botocore has no profile made of [DEFAULT] alone).
std::vector<const config::Section*>
default_sections(const std::vector<config::Section>& sections, bool config_file) {
  std::vector<const config::Section*> found;
  const config::Section* fallback = nullptr;
  for (const auto& section : sections) {
    if (section.name == config::default_section_name)
      fallback = &section;
    else if (defines_default(section, config_file))
      found.push_back(&section);
  }
  if (!found.empty() && fallback != nullptr)
    found.push_back(fallback);
  return found;
}

} // namespace

bool is_credential_key(std::string_view key) {
  return std::find(credential_keys.begin(), credential_keys.end(), key) !=
         credential_keys.end();
}

std::vector<std::string> default_credential_keys(const std::vector<config::Section>& sections,
                                                 bool config_file) {
  std::vector<std::string> keys;
  for (const auto* section : default_sections(sections, config_file))
    for (const auto& [key, setting] : section->settings)
      if (is_credential_key(key))
        keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  return keys;
}

std::string without_default_credentials(std::string_view text, const std::string& path) {
  return without_default_credentials(text, config::parse_ini(text, path));
}

std::string without_default_credentials(std::string_view text,
                                        const std::vector<config::Section>& sections) {
  std::vector<std::pair<int, int>> dropped; // inclusive line ranges
  for (const auto* section : default_sections(sections, true))
    for (const auto& [key, setting] : section->settings)
      if (is_credential_key(key))
        dropped.emplace_back(setting.line, setting.last_line);
  if (dropped.empty())
    return std::string(text);
  const auto gone = [&](int line) {
    return std::any_of(dropped.begin(), dropped.end(), [&](const auto& range) {
      return range.first <= line && line <= range.second;
    });
  };
  // Lines end as the parser ends them (\n, \r\n or a lone \r), so numbers agree.
  std::string out;
  out.reserve(text.size());
  int number = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = std::min(text.find_first_of("\r\n", pos), text.size());
    if (end + 1 < text.size() && text[end] == '\r' && text[end + 1] == '\n')
      ++end;
    end = std::min(end + 1, text.size());
    if (!gone(++number))
      out.append(text.substr(pos, end - pos));
    pos = end;
  }
  return out;
}

} // namespace awsx::exec
