#include <algorithm>
#include <cctype>
#include <ostream>

#include "awsx/aws/console_url.hpp"
#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/signin_token.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/cli/browser.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/cli/login_rules.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/session/obtain.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

namespace {

// The console session's bounds that SessionDuration may ask for.
constexpr int min_console_seconds = 900;
constexpr int max_console_seconds = 43200;
// As long as the console allows; --duration may ask for less.
constexpr int default_federation_seconds = 43200;

// Allows everything: the federated user still can't do more than the IAM user's own
// policies allow, and the peers pass the same.
constexpr const char* allow_all_policy =
    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})";

// What the console is signed in with.
struct ConsoleKeys {
  creds::Session session;
  std::optional<int> session_duration; // SessionDuration, for a direct role session only
};

// GetFederationToken's Name for the caller `arn`: the name after its last '/' (the user
// name, "root" for the account), only the characters STS allows, at most 32 of them;
// "awsx" when fewer than 2 remain.
std::string federated_name(const std::string& arn) {
  const auto slash = arn.find_last_of("/:");
  std::string name;
  for (const char c : arn.substr(slash == std::string::npos ? 0 : slash + 1)) {
    const bool allowed = std::isalnum(static_cast<unsigned char>(c)) != 0 ||
                         std::string_view("+=,.@_-").find(c) != std::string_view::npos;
    if (allowed && name.size() < 32)
      name += c;
  }
  return name.size() < 2 ? "awsx" : name;
}

// Long-term keys can't sign in to the console: GetFederationToken, signed by `user`'s
// keys, makes temporary ones named after the IAM user.
creds::Session federation_token(const creds::Session& user, const creds::Plan& plan,
                                const config::ConfigFiles& files,
                                const creds::CredentialOptions& options, Context& ctx) {
  const auto transport = ctx.transports.make(ctx.env, plan.section);
  aws::StsClient sts(*transport, ctx.clock,
                     aws::resolve_sts_endpoint(ctx.env, &files, plan.section, user.region));
  if (!user.profile.empty())
    sts.on_behalf_of("profile " + user.profile);
  const auto id = sts.get_caller_identity(user.credentials);
  const int seconds = options.duration ? static_cast<int>(options.duration->count())
                                       : default_federation_seconds;
  auto session = user;
  session.credentials = sts.get_federation_token(
      user.credentials, {federated_name(id.arn), allow_all_policy, seconds});
  return session;
}

// SessionDuration for `session`, made by `plan`: its remaining lifetime, within what the
// console allows, but only for one role assumed directly with long-term keys. The
// endpoint refuses it for a chained role (400) and a federation token takes its own.
std::optional<int> console_seconds(const creds::Plan& plan, const creds::Session& session,
                                   const util::Clock& clock) {
  if (!login_sends_session_duration(plan) || !session.credentials.expiration)
    return std::nullopt;
  const auto left = std::chrono::duration_cast<std::chrono::seconds>(
                        *session.credentials.expiration - clock.now())
                        .count();
  return static_cast<int>(
      std::clamp<long long>(left, min_console_seconds, max_console_seconds));
}

ConsoleKeys console_keys(const Invocation& invocation, const config::ConfigFiles& files,
                         Context& ctx) {
  // The plan only says which path it takes; obtain plans again with the real keys.
  creds::PresumedStoredKeys presumed;
  const auto plan = creds::make_plan(files, ctx.env, invocation.credentials, &presumed);
  auto options = invocation.credentials;
  if (plan.roles.empty() && plan.base.long_term()) {
    // The IAM user's own keys sign GetFederationToken: a GetSessionToken session can't.
    options.no_session = true;
    if (!options.mfa_token.empty()) {
      ctx.warn("GetFederationToken takes no MFA code, so --mfa-token is not used");
      options.mfa_token.clear();
    }
  }
  const auto session = awsx::session::obtain(options, ctx);
  if (!session.credentials.temporary()) // the user's keys, or a credential_process's
    return {federation_token(session, plan, files, options, ctx), std::nullopt};
  return {session, console_seconds(plan, session, ctx.clock)};
}

} // namespace

int run_login(const Invocation& invocation, Context& ctx) {
  // A bad --path costs nothing: it fails before any prompt or call.
  (void)aws::console_destination("", invocation.console_path);
  const auto files = config::load(ctx.env);
  const auto keys = console_keys(invocation, files, ctx);
  const auto& session = keys.session;
  const auto endpoint = aws::federation_endpoint(ctx.env, session.region);
  const auto* section = session.profile.empty() ? nullptr : files.profile(session.profile);
  const auto transport = ctx.transports.make(ctx.env, section);
  const auto token = aws::get_signin_token(
      *transport, endpoint, session.credentials, keys.session_duration,
      "getSigninToken" + (session.profile.empty() ? "" : " for profile " + session.profile));
  const auto url = aws::login_url(
      endpoint, aws::console_destination(session.region, invocation.console_path), token);
  if (!invocation.print_url) {
    open_in_browser(url, ctx);
    return 0;
  }
  ctx.console.out << url << "\n" << std::flush;
  if (!ctx.console.out)
    throw Error(output::write_failure);
  return 0;
}

} // namespace awsx::cli
