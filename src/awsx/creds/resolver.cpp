#include "awsx/creds/resolver.hpp"

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/creds/sources.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/token_file.hpp"

namespace awsx::creds {

namespace {

// Advice for STS error codes a user can fix, keyed on what usually causes them.
std::string hint_for(const ServiceError& error, const std::string& signer, bool mfa_sent) {
  const auto& code = error.service_code();
  if (code == "AccessDenied" && mfa_sent &&
      std::string(error.what()).find("MultiFactorAuthentication") != std::string::npos)
    return "STS rejected the MFA code: it was mistyped, already used, or from another device; "
           "wait for the next code and try again";
  if (code == "RegionDisabledException")
    return "activate STS for this region in IAM (Account settings), or choose another region "
           "with --region or the profile's region";
  if (code == "SignatureDoesNotMatch")
    return "the secret access key of " + signer +
           " does not match its key id; fix or re-add it";
  if (code == "InvalidClientTokenId")
    return "the access key id of " + signer +
           " is unknown to STS; check for a typo or a deleted key";
  if (code == "ExpiredToken")
    return "the credentials of " + signer + " have expired; refresh them";
  if (code == "AccessDenied" && !mfa_sent)
    return "if the role requires MFA, set mfa_serial on the role profile or its source profile";
  if (code == "AccessDenied")
    return "check the role's trust policy, and that the MFA code was current and not reused";
  if (code == "ValidationError")
    return "if the duration is the problem, lower duration_seconds/--duration to the role's "
           "MaxSessionDuration";
  return {};
}

template <typename Call>
aws::Credentials with_context(const std::string& signer, bool mfa_sent, Call&& call) {
  try {
    return call();
  } catch (const ServiceError& e) {
    throw ServiceError(e.what(), e.service_code(), hint_for(e, signer, mfa_sent));
  }
}

// A process source is the one base that may or may not be temporary, so its cap can
// only be decided once it has run.
void cap_for_chaining(RoleStep& step, ResolverServices& services) {
  if (!step.duration_seconds || *step.duration_seconds <= role_chaining_limit)
    return;
  if (services.warn)
    services.warn("role chaining: credential_process returned temporary credentials, so STS "
                  "allows " +
                  step.role_arn + " at most 1h; asking for 3600s instead of " +
                  std::to_string(*step.duration_seconds) + "s");
  step.duration_seconds = role_chaining_limit;
}

std::string read_token_file(const BaseCredentials& base) {
  auto token = util::read_token_file(base.token_file);
  if (!token || token->empty())
    throw CredentialError("cannot read web_identity_token_file " + base.token_file +
                              " of profile " + base.profile + " (" + base.origin +
                              "): " + (token ? "it is empty" : token.error()),
                          "check that the file exists and holds the OIDC token");
  return std::move(token).value();
}

std::string describe_signer(const Plan& plan, std::size_t step) {
  if (step > 0)
    return "the session of role " + plan.roles[step - 1].role_arn;
  if (!plan.base.profile.empty())
    return "profile " + plan.base.profile;
  return "the " + plan.base.origin + " credentials";
}

} // namespace

Session fetch_session(const Plan& plan, ResolverServices& services) {
  for (const auto& warning : plan.warnings)
    if (services.warn)
      services.warn(warning);
  const auto endpoint =
      aws::resolve_sts_endpoint(services.env, services.files, plan.section, plan.region);
  aws::StsClient sts(services.transport, services.clock, endpoint);
  const auto on_behalf_of = [&](const std::string& profile) -> aws::StsClient& {
    const auto& name = profile.empty() ? plan.profile : profile;
    return sts.on_behalf_of(name.empty() ? "" : "profile " + name);
  };

  // The MFA session, when the plan has one, signs the first role instead of the keys
  // (its own plan fetches them, and only on a miss).
  aws::Credentials creds;
  if (!plan.mfa_session)
    creds = services.sources.fetch(plan.base);
  else if (services.mfa_session)
    creds = services.mfa_session(mfa_session_plan(plan)).credentials;
  else
    creds = fetch_session(mfa_session_plan(plan), services).credentials;
  for (std::size_t i = 0; i < plan.roles.size(); ++i) {
    RoleStep step = plan.roles[i];
    if (i == 0 && plan.base.kind == SourceKind::process && creds.temporary())
      cap_for_chaining(step, services);
    if (i == 0 && plan.base.kind == SourceKind::web_identity) {
      const auto token = read_token_file(plan.base);
      creds =
          with_context("the web identity token of profile " + plan.base.profile, false, [&] {
            return on_behalf_of(plan.base.profile)
                .assume_role_with_web_identity(
                    {step.role_arn, session_name_of(step), {}, {}, {}, step.duration_seconds},
                    token);
          });
      continue;
    }
    aws::AssumeRoleRequest request{
        step.role_arn, session_name_of(step), step.external_id, {}, {}, step.duration_seconds};
    const MfaRequest mfa{step.mfa_serial, step.profile.empty() ? plan.profile : step.profile,
                         step.mfa_process};
    if (!step.mfa_serial.empty()) {
      request.serial_number = step.mfa_serial;
      request.token_code = services.mfa.code(mfa);
    }
    const auto signer = describe_signer(plan, i);
    creds = with_context(signer, !request.serial_number.empty(), [&] {
      return on_behalf_of(step.profile).assume_role(creds, request);
    });
    if (!step.mfa_serial.empty())
      services.mfa.accepted(mfa);
  }
  if (plan.session_token) {
    const auto& step = *plan.session_token;
    aws::SessionTokenRequest request{{}, {}, step.duration_seconds};
    const MfaRequest mfa{step.mfa_serial, plan.profile, step.mfa_process};
    if (!step.mfa_serial.empty()) {
      request.serial_number = step.mfa_serial;
      request.token_code = services.mfa.code(mfa);
    }
    creds = with_context(describe_signer(plan, 0), !request.serial_number.empty(), [&] {
      return on_behalf_of(plan.profile).get_session_token(creds, request);
    });
    if (!step.mfa_serial.empty())
      services.mfa.accepted(mfa);
  }
  return Session{creds, plan.region, plan.profile};
}

} // namespace awsx::creds
