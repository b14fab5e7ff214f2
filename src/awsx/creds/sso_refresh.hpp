#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "awsx/aws/sso_oidc_client.hpp"
#include "awsx/creds/sso_token.hpp"

namespace awsx::aws {
class HttpTransport;
}

namespace awsx::creds {

// botocore's SSOTokenProvider refreshes a token that expires within 15 minutes.
inline constexpr std::chrono::minutes sso_refresh_window{15};

// Whether to refresh the token in `file` for `sso` at `now`, and with what.
struct SsoRefreshDecision {
  bool wanted = false;                       // it expires within sso_refresh_window
  std::optional<aws::SsoRefreshGrant> grant; // set when a refresh can be tried
  std::string unable;                        // why not, when wanted without a grant
};

// botocore's rule: only an sso-session token (not the legacy form) within the refresh
// window, and only with refreshToken, clientId, clientSecret and a registrationExpiresAt
// after `now` in `file`.
SsoRefreshDecision decide_sso_refresh(const SsoTokenFile& file, const SsoSettings& sso,
                                      util::TimePoint now);

// The cache document botocore writes after a refresh, byte for byte (json.dumps: ", " and
// ": " separators, \u escapes past ASCII): startUrl and region from `sso`, the new access
// token of `fresh` expiring expires_in after `now` (YYYY-MM-DDTHH:MM:SSZ), the client
// registration of `old`, and the refresh token only when `fresh` has one.
std::string sso_cache_document(const SsoSettings& sso, const aws::RefreshedSsoToken& fresh,
                               const SsoTokenFile& old, util::TimePoint now);

// Replaces the file at `path` atomically with `bytes` (a synced, mode-0600 temporary file in
// the same folder, renamed over it), so `aws` never reads half a token. Throws StorageError.
void replace_sso_cache_file(const std::string& path, const std::string& bytes);

// The access token for `sso`, as read_sso_token, but one that expires within the refresh
// window is first refreshed through `transport` (OIDC CreateToken, AWS_ENDPOINT_URL_SSO_OIDC
// from `env`) and written back for the AWS CLI to share. A token that is still valid is
// used when the refresh fails. An expired one that cannot be refreshed throws the
// CredentialError of read_sso_token saying why (no refresh token, the registration
// expired, the OIDC error code); a network failure is rethrown as it is.
std::string sso_access_token(aws::HttpTransport& transport, const util::Environment& env,
                             const util::Clock& clock, const SsoSettings& sso,
                             const std::string& profile);

} // namespace awsx::creds
