#include "awsx/config/lint.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <tuple>

namespace awsx::config {

namespace {

// Profile keys read by botocore, the AWS CLI or awsx. Unknown ones are most often typos,
// which silently change what a profile does.
// Packed, to read as one block.
// clang-format off
constexpr std::array<std::string_view, 63> known_keys = {
    "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token",
    "aws_account_id", "region", "output", "role_arn", "source_profile", "credential_source",
    "external_id", "mfa_serial", "mfa_process", "mfa_session", "role_session_name",
    "duration_seconds", "web_identity_token_file", "credential_process", "sso_session",
    "sso_start_url", "sso_region", "sso_account_id", "sso_role_name", "sso_registration_scopes",
    "endpoint_url", "services", "ignore_configured_endpoint_urls", "ca_bundle", "max_attempts",
    "retry_mode", "parameter_validation", "tcp_keepalive", "sts_regional_endpoints",
    "use_fips_endpoint", "use_dualstack_endpoint", "metadata_service_timeout",
    "metadata_service_num_attempts", "ec2_metadata_service_endpoint",
    "ec2_metadata_service_endpoint_mode", "ec2_metadata_v1_disabled", "defaults_mode",
    "api_versions", "s3", "cli_pager", "cli_timestamp_format", "cli_follow_urlparam",
    "cli_auto_prompt", "cli_binary_format", "cli_history", "endpoint_discovery_enabled",
    "disable_request_compression", "request_min_compression_size_bytes",
    "request_checksum_calculation", "response_checksum_validation", "sigv4a_signing_region_set",
    "account_id_endpoint_mode", "auth_scheme_preference", "sdk_ua_app_id", "csm_enabled",
    "csm_port", "csm_host", "csm_client_id", "dynamodb",
};
// clang-format on

} // namespace

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] =
          std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::vector<LintFinding> lint_unknown_keys(const ConfigFiles& files) {
  std::vector<LintFinding> findings;
  for (const auto& [name, section] : files.profiles) {
    for (const auto& [key, setting] : section.settings) {
      if (std::find(known_keys.begin(), known_keys.end(), key) != known_keys.end())
        continue;
      std::string message = "unknown key \"" + key + "\" in profile " + name;
      std::size_t best = 3;
      std::string_view guess;
      for (auto candidate : known_keys) {
        const auto distance = edit_distance(key, std::string(candidate));
        if (distance < best) {
          best = distance;
          guess = candidate;
        }
      }
      if (!guess.empty())
        message += "; did you mean " + std::string(guess) + "?";
      findings.push_back({*setting.file, setting.line, message});
    }
  }
  std::sort(findings.begin(), findings.end(), [](const auto& x, const auto& y) {
    return std::tie(x.file, x.line) < std::tie(y.file, y.line);
  });
  return findings;
}

} // namespace awsx::config
