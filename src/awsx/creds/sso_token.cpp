#include "awsx/creds/sso_token.hpp"

#include <fcntl.h>
#include <openssl/evp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::creds {

namespace {

// Files bigger than this are not tokens; reading them whole would only waste memory.
constexpr std::size_t max_cache_file = 1 << 20;

std::string sha1_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr) != 1)
    throw Error("OpenSSL could not compute SHA-1 for the SSO token cache name");
  return util::to_hex(std::string_view(reinterpret_cast<const char*>(digest), length));
}

// botocore's os.path.expanduser: $HOME, else the password database.
std::string home_directory(const util::Environment& env) {
  if (auto home = env.get_nonempty("HOME"))
    return *home;
  if (const passwd* entry = getpwuid(getuid()); entry != nullptr && entry->pw_dir != nullptr)
    return entry->pw_dir;
  throw CredentialError(
      "HOME is not set, so the SSO token cache (~/.aws/sso/cache) cannot be found", "set HOME");
}

// Reads `path` whole into `text`; on failure returns the errno that explains it.
int read_small_file(const std::string& path, std::string& text) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno;
  char buffer[8192];
  int error = 0;
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = errno;
      break;
    }
    if (n == 0)
      break;
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > max_cache_file) {
      error = EFBIG;
      break;
    }
  }
  ::close(fd);
  return error;
}

} // namespace

std::optional<util::TimePoint> parse_sso_time(std::string text) {
  if (text.size() > 3 && text.ends_with("UTC"))
    text.replace(text.size() - 3, 3, "Z");
  return util::parse_iso8601(text);
}

std::string sso_login_advice(const SsoSettings& sso, const std::string& profile) {
  if (!sso.session.empty())
    return "run `aws sso login --sso-session " + sso.session + "`";
  return profile.empty() ? "run `aws sso login`"
                         : "run `aws sso login --profile " + profile + "`";
}

CredentialError sso_token_error(const SsoSettings& sso, const std::string& profile,
                                const std::string& problem) {
  const std::string name = sso.session.empty() ? sso.start_url : "sso-session " + sso.session;
  const std::string suffix = profile.empty() ? "" : " (profile " + profile + ")";
  return CredentialError("the SSO token for " + name + suffix + " " + problem,
                         sso_login_advice(sso, profile));
}

SsoTokenFile load_sso_token_file(const util::Environment& env, const SsoSettings& sso,
                                 const std::string& profile) {
  const auto fail = [&](const std::string& problem) {
    return sso_token_error(sso, profile, problem);
  };
  // The same key rule as the AWS CLI: the session name wins, the start URL is the legacy key.
  const std::string key = sso.session.empty() ? sso.start_url : sso.session;
  const std::string path = home_directory(env) + "/.aws/sso/cache/" + sha1_hex(key) + ".json";

  std::string text;
  const int error = read_small_file(path, text);
  if (error == ENOENT || error == ENOTDIR)
    throw fail("was not found (looked for " + path + ")");
  if (error != 0)
    throw fail("cannot be read from " + path + ": " + std::strerror(error));

  auto document = util::FlatObject::parse_lenient(text);
  if (!document)
    throw fail("is unreadable: " + path + " is not a JSON object");
  auto access_token = document->string("accessToken").value_or("");
  if (access_token.empty())
    throw fail("is unreadable: " + path + " has no accessToken");
  const auto expires_text = document->string("expiresAt").value_or("");
  if (expires_text.empty())
    throw fail("is unreadable: " + path + " has no expiresAt");
  const auto expires_at = parse_sso_time(expires_text);
  if (!expires_at)
    throw fail("is unreadable: " + path + " has an expiresAt that is not a timestamp");
  return {path, std::move(*document), std::move(access_token), *expires_at};
}

std::string read_sso_token(const util::Environment& env, const util::Clock& clock,
                           const SsoSettings& sso, const std::string& profile) {
  auto file = load_sso_token_file(env, sso, profile);
  if (file.expires_at <= clock.now())
    throw sso_token_error(sso, profile,
                          "has expired (at " + util::format_iso8601_z(file.expires_at) + ")");
  return std::move(file.access_token);
}

} // namespace awsx::creds
