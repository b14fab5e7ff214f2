#include "awsx/creds/resolver.hpp"

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/creds/mfa.hpp"
#include "awsx/util/error.hpp"

namespace awsx::creds {

namespace {

// Advice for STS error codes a user can fix, keyed on what usually causes them.
std::string hint_for(const std::string& code, const std::string& signer, bool mfa_sent) {
  if (code == "SignatureDoesNotMatch")
    return "the secret access key of " + signer + " does not match its key id; fix or re-add it";
  if (code == "InvalidClientTokenId")
    return "the access key id of " + signer + " is unknown to STS; check for a typo or a deleted key";
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
    throw ServiceError(e.what(), e.service_code(), hint_for(e.service_code(), signer, mfa_sent));
  }
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

  aws::Credentials creds = plan.base.keys;
  for (std::size_t i = 0; i < plan.roles.size(); ++i) {
    const auto& step = plan.roles[i];
    aws::AssumeRoleRequest request{step.role_arn, step.session_name, step.external_id, {}, {},
                                   step.duration_seconds};
    if (!step.mfa_serial.empty()) {
      request.serial_number = step.mfa_serial;
      request.token_code = services.mfa.code({step.mfa_serial,
                                              step.profile.empty() ? plan.profile : step.profile,
                                              step.mfa_process});
    }
    const auto signer = describe_signer(plan, i);
    creds = with_context(signer, !request.serial_number.empty(),
                         [&] { return sts.assume_role(creds, request); });
  }
  if (plan.session_token) {
    const auto& step = *plan.session_token;
    aws::SessionTokenRequest request{{}, {}, step.duration_seconds};
    if (!step.mfa_serial.empty()) {
      request.serial_number = step.mfa_serial;
      request.token_code = services.mfa.code({step.mfa_serial, plan.profile, step.mfa_process});
    }
    creds = with_context(describe_signer(plan, 0), !request.serial_number.empty(),
                         [&] { return sts.get_session_token(creds, request); });
  }
  return Session{creds, plan.region, plan.profile};
}

} // namespace awsx::creds
