#include "awsx/creds/sso_refresh.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "awsx/util/error.hpp"
#include "awsx/util/new_file.hpp"
#include "awsx/util/time.hpp"

namespace awsx::creds {

namespace {

// The registration members botocore copies into the refreshed document, in its order.
constexpr const char* registration_members[] = {"clientId", "clientSecret",
                                                "registrationExpiresAt"};

std::string member(const SsoTokenFile& file, const char* name) {
  return file.document.string(name).value_or("");
}

std::string expired_problem(const SsoTokenFile& file) {
  return "has expired (at " + util::format_iso8601_z(file.expires_at) + ")";
}

// The file again, when another process (`aws`, another awsx) has refreshed it meanwhile.
std::optional<std::string> refreshed_elsewhere(const util::Environment& env,
                                               const util::Clock& clock, const SsoSettings& sso,
                                               const std::string& profile,
                                               const SsoTokenFile& seen) {
  try {
    auto again = load_sso_token_file(env, sso, profile);
    if (again.access_token != seen.access_token && again.expires_at > clock.now())
      return std::move(again.access_token);
  } catch (const CredentialError&) {
    // Gone or broken since: the original failure is the one to report.
  }
  return std::nullopt;
}

} // namespace

SsoRefreshDecision decide_sso_refresh(const SsoTokenFile& file, const SsoSettings& sso,
                                      util::TimePoint now) {
  SsoRefreshDecision decision;
  decision.wanted = file.expires_at - now < sso_refresh_window;
  if (!decision.wanted)
    return decision;
  if (sso.session.empty()) {
    decision.unable = "the legacy sso_start_url form has no refresh; move it to an "
                      "[sso-session] section";
    return decision;
  }
  aws::SsoRefreshGrant grant{member(file, "clientId"), member(file, "clientSecret"),
                             member(file, "refreshToken")};
  if (grant.refresh_token.empty()) {
    decision.unable = "no refresh token is cached";
    return decision;
  }
  if (grant.client_id.empty() || grant.client_secret.empty()) {
    decision.unable = "the cached client registration is incomplete";
    return decision;
  }
  const auto registration_text = member(file, "registrationExpiresAt");
  const auto registration = parse_sso_time(registration_text);
  if (!registration) {
    decision.unable = "the cached registrationExpiresAt is not a timestamp";
    return decision;
  }
  if (*registration <= now) {
    decision.unable =
        "its client registration expired at " + util::format_iso8601_z(*registration);
    return decision;
  }
  decision.grant = std::move(grant);
  return decision;
}

std::string sso_cache_document(const SsoSettings& sso, const aws::RefreshedSsoToken& fresh,
                               const SsoTokenFile& old, util::TimePoint now) {
  const auto expires_at = std::chrono::floor<std::chrono::seconds>(now) + fresh.expires_in;
  std::string out = "{";
  const auto add = [&](const char* name, const std::string& value) {
    if (out.size() > 1)
      out += ", ";
    out += util::json_quote(name, true) + ": " + util::json_quote(value, true);
  };
  add("startUrl", sso.start_url);
  add("region", sso.region);
  add("accessToken", fresh.access_token);
  add("expiresAt", util::format_iso8601_z(expires_at));
  for (const char* name : registration_members)
    add(name, member(old, name));
  if (fresh.refresh_token)
    add("refreshToken", *fresh.refresh_token);
  return out + "}";
}

void replace_sso_cache_file(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + "." + std::to_string(::getpid()) + ".tmp";
  auto written = util::write_new_private_file(temporary, bytes, true);
  if (written.error == EEXIST) {
    // Left by a process with this pid that died before its rename: nobody else writes it.
    ::unlink(temporary.c_str());
    written = util::write_new_private_file(temporary, bytes, true);
  }
  int error = written.error;
  if (error == 0 && std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = errno;
    ::unlink(temporary.c_str());
  }
  if (error != 0)
    throw StorageError("cannot write the refreshed SSO token to " + path + ": " +
                           std::strerror(error),
                       "check that ~/.aws/sso/cache is writable by you, then run awsx again");
}

std::string sso_access_token(aws::HttpTransport& transport, const util::Environment& env,
                             const util::Clock& clock, const SsoSettings& sso,
                             const std::string& profile) {
  auto file = load_sso_token_file(env, sso, profile);
  const auto now = clock.now();
  const bool valid = file.expires_at > now;
  const auto decision = decide_sso_refresh(file, sso, now);
  if (!decision.wanted)
    return std::move(file.access_token);
  if (!decision.grant) {
    if (valid)
      return std::move(file.access_token);
    throw sso_token_error(sso, profile, expired_problem(file) + " and " + decision.unable);
  }
  try {
    const auto fresh = aws::refresh_sso_token(transport, env, sso.region, *decision.grant,
                                              "sso-session " + sso.session);
    replace_sso_cache_file(file.path, sso_cache_document(sso, fresh, file, clock.now()));
    return fresh.access_token;
  } catch (const ServiceError& e) {
    if (valid)
      return std::move(file.access_token);
    if (auto other = refreshed_elsewhere(env, clock, sso, profile, file))
      return std::move(*other);
    throw sso_token_error(sso, profile,
                          expired_problem(file) + " and refreshing it failed: " + e.what());
  } catch (const NetworkError&) {
    // Still valid for a few minutes: the portal call that follows may well get through.
    if (valid)
      return std::move(file.access_token);
    throw;
  }
}

} // namespace awsx::creds
