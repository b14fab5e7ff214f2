#include "awsx/creds/sources.hpp"

#include "awsx/aws/container_client.hpp"
#include "awsx/aws/imds_client.hpp"
#include "awsx/aws/sso_client.hpp"
#include "awsx/creds/credential_process.hpp"
#include "awsx/creds/sso_refresh.hpp"
#include "awsx/creds/sso_token.hpp"
#include "awsx/util/error.hpp"

namespace awsx::creds {

aws::Credentials LiveSources::fetch(const BaseCredentials& base) {
  switch (base.kind) {
  case SourceKind::keys: return base.keys;
  case SourceKind::container: {
    const auto endpoint = aws::container_endpoint_from(env_);
    if (!endpoint)
      throw CredentialError("the container credential endpoint is no longer set");
    return aws::fetch_container_credentials(transport_, *endpoint);
  }
  case SourceKind::instance_metadata: return aws::fetch_instance_credentials(transport_, env_);
  case SourceKind::process:
    return run_credential_process(
        {"credential_process", base.command, base.profile, base.origin}, supervision_);
  case SourceKind::sso: {
    const auto token = sso_access_token(transport_, env_, clock_, base.sso, base.profile);
    try {
      return aws::get_role_credentials(transport_, env_, base.sso.region, token,
                                       base.sso.account_id, base.sso.role_name,
                                       base.profile.empty() ? "" : "profile " + base.profile);
    } catch (const ServiceError& e) {
      // The portal no longer takes the token (expired early, or signed out): the same
      // remedy, and so the same exit status, as an expired token in the cache.
      if (e.service_code() != "UnauthorizedException")
        throw;
      throw CredentialError(e.what(), "the SSO sign-in has expired or was revoked; " +
                                          sso_login_advice(base.sso, base.profile));
    }
  }
  case SourceKind::web_identity: break;
  }
  // Web identity has no credentials of its own: its token signs nothing, the resolver
  // hands it to AssumeRoleWithWebIdentity.
  return {};
}

} // namespace awsx::creds
